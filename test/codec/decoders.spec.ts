import {
  chooseProfile,
  chooseServices,
  decodeFrame,
  decodeGreeting,
  decodeResponse,
  EppDecodeError,
  EppResponse,
  NS,
  ResData,
} from '../../src/epp/codec';
import { SUPPORTED_SERVICES } from '../../src/registry-sidn/profiles';
import { fixture } from './decode-fixtures';

const response = (rel: string): EppResponse => decodeResponse(fixture(rel));

function resData<T extends ResData['type']>(r: EppResponse, type: T): Extract<ResData, { type: T }> {
  expect(r.resData?.type).toBe(type);
  return r.resData as Extract<ResData, { type: T }>;
}

const wrap = (inner: string, ns = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"${ns}><response>${inner}</response></epp>`;

describe('greeting (RFC 5730 §2.4)', () => {
  it("accepts CIRA's 68-character svID, over the RFC's 64 (Fury platform greeting)", () => {
    const g = decodeGreeting(fixture('hello-registry/examples/cira-platform-live/cira-greeting-2023.xml'));
    expect(g.svID).toBe('EPP Server Version: 8.0.4 (de4e6cbdab9536033563b335e4fa4555cf24c931)');
    expect(g.svID).toHaveLength(68);
    expect(g.svDate).toBe('2023-03-30T20:56:22.740Z');
    expect(g.versions).toEqual(['1.0']);
    expect(g.langs).toEqual(['fr', 'en']);
    expect(g.objURIs).toEqual(['urn:ietf:params:xml:ns:epp-1.0', NS.domain, NS.host, NS.contact]);
    expect(g.extURIs).toContain(NS.furyRgp);
    expect(g.extURIs).toHaveLength(13);
    expect(g.dcp).toEqual({
      access: 'none',
      statements: [{ purposes: ['admin'], recipients: ['ours'], retention: 'legal' }],
    });
  });

  it('decodes the RFC 5730 example greeting with its data collection policy', () => {
    const g = decodeGreeting(fixture('examples/rfc5730/greeting.xml'));
    expect(g.svID).toBe('Example EPP server epp.example.com');
    expect(g.extURIs).toEqual(['http://custom/obj1ext-1.0']);
    expect(g.dcp?.statements[0]).toEqual({
      purposes: ['admin', 'prov'],
      recipients: ['ours', 'public'],
      retention: 'stated',
    });
  });

  it('decodeFrame tells a greeting from a response', () => {
    expect(decodeFrame(fixture('examples/rfc5730/greeting.xml')).kind).toBe('greeting');
    expect(decodeFrame(fixture('examples/rfc5730/login-response.xml')).kind).toBe('response');
  });

  it('decodeResponse refuses a greeting and decodeGreeting a response, with typed errors', () => {
    expect(() => decodeResponse(fixture('examples/rfc5730/greeting.xml'))).toThrow(EppDecodeError);
    expect(() => decodeGreeting(fixture('examples/rfc5730/login-response.xml'))).toThrow(EppDecodeError);
  });
});

describe('service and profile choice from the greeting', () => {
  const cira = () =>
    decodeGreeting(fixture('hello-registry/examples/cira-platform-live/cira-greeting-2023.xml'));

  it('announces only what the server offers and we support, in the server order (RFC 5730 §2.9.1.1)', () => {
    expect(chooseServices(cira(), SUPPORTED_SERVICES.hello)).toEqual({
      objURIs: [NS.domain, NS.host, NS.contact],
      // CIRA's 2023 greeting offers fury-1.0/2.0 but not fury-2.1: not announced.
      extURIs: [NS.rgp, NS.furyRgp, NS.secDNS],
    });
  });

  it('offers nothing of the DRS5 profile to a Fury server except the shared objects and secDNS', () => {
    expect(chooseServices(cira(), SUPPORTED_SERVICES.drs5)).toEqual({
      objURIs: [NS.domain, NS.host, NS.contact],
      extURIs: [NS.secDNS],
    });
  });

  it('lists the supported URIs per profile', () => {
    expect(SUPPORTED_SERVICES.hello.extURIs).toEqual([NS.fury, NS.furyRgp, NS.rgp, NS.secDNS]);
    expect(SUPPORTED_SERVICES.drs5.extURIs).toEqual([
      NS.sidn,
      NS.sidnScheduledDelete,
      NS.sidnRegistryContactsDelete,
      NS.secDNS,
    ]);
    for (const p of ['hello', 'drs5'] as const) {
      expect(SUPPORTED_SERVICES[p].objURIs).toEqual([NS.contact, NS.domain, NS.host]);
    }
  });

  const drs5Greeting = {
    svID: 'drs.domain-registry.nl',
    versions: ['1.0'],
    langs: ['en', 'nl'],
    objURIs: [NS.contact, NS.domain, NS.host],
    extURIs: [NS.sidn, NS.secDNS],
  };

  it('chooses hello for a Fury greeting and drs5 for a sidn-ext-epp greeting', () => {
    expect(chooseProfile(cira())).toBe('hello');
    expect(chooseProfile(drs5Greeting)).toBe('drs5');
    expect(chooseProfile(drs5Greeting, 'auto')).toBe('drs5');
  });

  it('lets the configured override win', () => {
    expect(chooseProfile(cira(), 'drs5')).toBe('drs5');
    expect(chooseProfile(drs5Greeting, 'hello')).toBe('hello');
  });

  it('defaults to hello for a greeting with neither', () => {
    expect(chooseProfile(decodeGreeting(fixture('examples/rfc5730/greeting.xml')))).toBe('hello');
  });
});

describe('results (RFC 5730 §2.6)', () => {
  it('decodes several results with value and extValue/reason', () => {
    const r = response('examples/rfc5730/error-response-2004-2005-values.xml');
    expect(r.results.map((x) => x.code)).toEqual([2004, 2005]);
    expect(r.results[0].values).toEqual(['<obj:elem1>2525</obj:elem1>']);
    expect(r.results[1].extValues).toEqual([
      { value: '<obj:elem3>abc.ex(ample</obj:elem3>', reason: 'Invalid character found.' },
    ]);
    expect(r.trID).toEqual({ clTRID: 'ABC-12345', svTRID: '54321-XYZ' });
    expect(r.msgQ).toBeNull();
    expect(r.sidn).toBeNull();
  });

  it('reads Fury ciraCode 8010 and its reason on a 2303', () => {
    const r = response(
      'hello-registry/examples/fury-metaregistrar/fury-error-response-2303-ciraCode-8010.xml',
    );
    expect(r.results[0]).toMatchObject({ code: 2303, message: 'Object does not exist' });
    expect(r.results[0].extValues).toEqual([
      {
        value: '<fury:ciraCode>8010</fury:ciraCode>',
        reason: 'Domain name does not exist',
        ciraCode: '8010',
      },
    ]);
  });

  it('reads an unprefixed ciraCode (6010, .nz on the CIRA platform)', () => {
    const r = response(
      'hello-registry/examples/cira-platform-live/cira-nz-host-info-response-2303-ciraCode.xml',
    );
    expect(r.results[0].code).toBe(2303);
    expect(r.results[0].extValues[0]).toMatchObject({ ciraCode: '6010', reason: 'Host does not exist' });
    expect(r.trID.svTRID).toBe('CIRA-000232224702-0000000002');
  });

  it('trims whitespace in result codes and keeps the message language', () => {
    const r = decodeResponse(
      wrap(
        '<result code=" 2303 "><msg lang="nl">Object bestaat niet</msg></result><trID><svTRID>x</svTRID></trID>',
      ),
    );
    expect(r.results[0]).toEqual({
      code: 2303,
      message: 'Object bestaat niet',
      lang: 'nl',
      values: [],
      extValues: [],
    });
  });

  it('decodes msgQ count and id on a non-poll response and on poll req', () => {
    expect(response('hello-registry/examples/cira-platform-live/cira-nz-poll-ack-response.xml').msgQ).toEqual(
      { count: 4, id: '12345' },
    );
    expect(
      response('hello-registry/examples/cira-platform-live/cira-nz-poll-req-response-1301.xml').msgQ,
    ).toEqual({
      count: 5,
      id: '12345',
      qDate: '2024-04-12T00:41:59.977Z',
      msg: 'Transfer requested.',
    });
  });

  it('keeps the text of a mixed-content poll message and reports its structured children', () => {
    const r = response('examples/rfc5730/poll-req-response-mixed-message.xml');
    expect(r.msgQ).toMatchObject({ count: 4, id: '12346', msg: 'Credit balance low.', lang: 'en' });
  });
});

describe('domain resData (RFC 5731 §3)', () => {
  it('decodes check with availability and reason', () => {
    const d = resData(
      response('hello-registry/examples/cira-platform-live/cira-nz-domain-check-response.xml'),
      'domain:chkData',
    );
    expect(d.items).toEqual([{ name: 'test.nz', available: false, reason: 'Registered' }]);
    const rfc = resData(response('examples/rfc5731/domain-check-response.xml'), 'domain:chkData');
    expect(rfc.items.map((i) => i.available)).toEqual([true, false, true]);
  });

  it('decodes info with statuses, contacts, name servers, dates and token', () => {
    const d = resData(response('examples/rfc5731/domain-info-response-authorized.xml'), 'domain:infData');
    expect(d).toMatchObject({
      name: 'example.com',
      roid: 'EXAMPLE1-REP',
      statuses: [{ s: 'ok' }],
      registrant: 'jd1234',
      contacts: [
        { type: 'admin', id: 'sh8013' },
        { type: 'tech', id: 'sh8013' },
      ],
      nameservers: ['ns1.example.com', 'ns1.example.net'],
      hosts: ['ns1.example.com', 'ns2.example.com'],
      clID: 'ClientX',
      crID: 'ClientY',
      crDate: '1999-04-03T22:00:00.0Z',
      exDate: '2005-04-03T22:00:00.0Z',
      trDate: '2000-04-08T09:00:00.0Z',
      authInfo: { pw: '2fooBAR' },
    });
  });

  it('decodes create, renew, transfer and pending-action data', () => {
    expect(resData(response('examples/rfc5731/domain-create-response.xml'), 'domain:creData')).toEqual({
      type: 'domain:creData',
      name: 'example.com',
      crDate: '1999-04-03T22:00:00.0Z',
      exDate: '2001-04-03T22:00:00.0Z',
    });
    expect(resData(response('examples/rfc5731/domain-renew-response.xml'), 'domain:renData').exDate).toBe(
      '2005-04-03T22:00:00.0Z',
    );
    expect(
      resData(response('examples/rfc5731/domain-transfer-request-response.xml'), 'domain:trnData'),
    ).toMatchObject({
      trStatus: 'pending',
      reID: 'ClientX',
      acID: 'ClientY',
    });
    expect(resData(response('examples/rfc5731/poll-review-completed-pandata.xml'), 'domain:panData')).toEqual(
      {
        type: 'domain:panData',
        name: 'example.com',
        paResult: true,
        paTRID: { clTRID: 'ABC-12345', svTRID: '54321-XYZ' },
        paDate: '1999-04-04T22:00:00.0Z',
      },
    );
  });
});

describe('contact and host resData (RFC 5733 §3, RFC 5732 §3)', () => {
  it('decodes contact info with postal info, phone extension and disclose', () => {
    const c = resData(response('examples/rfc5733/contact-info-response-authorized.xml'), 'contact:infData');
    expect(c.postalInfo).toEqual([
      {
        type: 'int',
        name: 'John Doe',
        org: 'Example Inc.',
        addr: {
          street: ['123 Example Dr.', 'Suite 100'],
          city: 'Dulles',
          sp: 'VA',
          pc: '20166-6503',
          cc: 'US',
        },
      },
    ]);
    expect(c).toMatchObject({
      id: 'sh8013',
      voice: '+1.7035555555',
      voiceExt: '1234',
      email: 'jdoe@example.com',
    });
    expect(c.statuses.map((s) => s.s)).toEqual(['linked', 'clientDeleteProhibited']);
    expect(c.disclose).toEqual({ flag: false, fields: ['voice', 'email'] });
  });

  it('decodes a client-chosen contact id on create (Fury platform)', () => {
    expect(
      resData(
        response('hello-registry/examples/cira-platform-live/cira-nz-contact-create-response.xml'),
        'contact:creData',
      ),
    ).toEqual({
      type: 'contact:creData',
      id: 'sh8014',
      crDate: '2024-04-12T00:41:59.977Z',
    });
  });

  it('decodes contact check, transfer and pending action', () => {
    expect(
      resData(response('examples/rfc5733/contact-check-response.xml'), 'contact:chkData').items,
    ).toHaveLength(3);
    expect(
      resData(response('examples/rfc5733/contact-transfer-request-response.xml'), 'contact:trnData').id,
    ).toBe('sh8013');
    expect(
      resData(response('examples/rfc5733/poll-review-completed-pandata.xml'), 'contact:panData').id,
    ).toBe('sh8013');
  });

  it('decodes host info with addresses, and host check, create, pending action', () => {
    const h = resData(response('examples/rfc5732/host-info-response.xml'), 'host:infData');
    expect(h.name).toBe('ns1.example.com');
    expect(h.addresses).toContainEqual({ ip: 'v6', address: '1080:0:0:0:8:800:200C:417A' });
    expect(resData(response('examples/rfc5732/host-check-response.xml'), 'host:chkData').items).toHaveLength(
      3,
    );
    expect(resData(response('examples/rfc5732/host-create-response.xml'), 'host:creData').name).toBe(
      'ns1.example.com',
    );
    expect(
      resData(response('examples/rfc5732/poll-review-completed-pandata.xml'), 'host:panData').paResult,
    ).toBe(true);
  });
});

describe('Fury extensions (fury-2.1, fury-rgp-1.0, RFC 3915)', () => {
  it('decodes fury:info properties and bundle, idn data and rgpStatusEnd on a domain info', () => {
    const r = response(
      'hello-registry/examples/fury-netdri/fury-ca-domain-info-response-privacy-bundle-rgp.xml',
    );
    expect(r.extensions.fury).toEqual({
      properties: [{ key: 'PRIVACY', values: ['PRIVATE'] }],
      bundle: { name: 'test-domain.ca', domains: ['xn--tst-domin-w1a6g.ca', 'xn--tst-dmain-b4a9j.ca'] },
    });
    expect(r.extensions.furyRgp).toEqual({ rgpStatusEnd: '2018-11-03T19:22:29.273Z' });
    expect(r.extensions.idn).toEqual({ table: 'fr', uname: 'test-dômain.ca' });
  });

  it('decodes the redemption period (RFC 3915) of a deleted domain with its end', () => {
    const r = response('hello-registry/examples/fury-netdri/fury-ie-domain-info-response-redemption.xml');
    expect(r.extensions.rgp).toEqual({ statuses: ['redemptionPeriod'] });
    expect(r.extensions.furyRgp?.rgpStatusEnd).toBe('2018-11-03T19:22:29.273Z');
    expect(resData(r, 'domain:infData').statuses.map((s) => s.s)).toContain('pendingDelete');
  });

  it('decodes contact properties', () => {
    const r = response('hello-registry/examples/fury-netdri/fury-ca-contact-info-response.xml');
    expect(r.extensions.fury?.properties).toEqual([
      { key: 'LANGUAGE', values: ['en'] },
      { key: 'CPR', values: ['CCT'] },
      { key: 'AGREEMENT_TIMESTAMP', values: ['2018-03-21T12:52:12.064Z'] },
      { key: 'AGREEMENT_VERSION', values: ['2.0'] },
    ]);
  });

  it('decodes property definitions from the extension-only fury:response', () => {
    const r = response('hello-registry/examples/fury-netdri/fury-ca-agreement-info-response.xml');
    const defs = resData(r, 'fury:infData');
    expect(defs.language).toBe('en');
    expect(defs.properties).toHaveLength(1);
    const p = defs.properties[0];
    expect(p.key).toBe('AGREEMENT_VERSION');
    expect(p.localizedKey).toBe('Agreement Version');
    expect(p.attributes).toEqual({
      entitytype: 'contact',
      removable: 'false',
      propertytype: 'SINGLEENUM',
      updatable: 'true',
    });
    expect(p.values).toHaveLength(1);
    expect(p.values[0]).toMatchObject({
      value: '2.0',
      isDefault: true,
      localizedValue: '2.0',
      attributes: {
        expiry_date: '3000-01-01T00:00:00.000Z',
        effective_date: '2018-03-14T20:04:10.618Z',
        enabled: 'true',
      },
    });
    expect(p.values[0].localizedDetail).toMatch(/^<html>/);
  });

  it('decodes a property value check (fury:chkData)', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><extension><fury:response xmlns:fury="urn:ietf:params:xml:ns:fury-2.1"><fury:chkData><fury:properties><fury:property><fury:key>LEGAL_FORM</fury:key><fury:propertyValues><fury:propertyValue><fury:value>BV</fury:value><fury:result>true</fury:result></fury:propertyValue><fury:propertyValue><fury:value>XX</fury:value><fury:result>false</fury:result><fury:reason>Unknown value</fury:reason></fury:propertyValue></fury:propertyValues></fury:property></fury:properties></fury:chkData></fury:response></extension><trID><svTRID>s</svTRID></trID>',
      ),
    );
    expect(resData(r, 'fury:chkData').properties).toEqual([
      {
        key: 'LEGAL_FORM',
        values: [
          { value: 'BV', result: 'true' },
          { value: 'XX', result: 'false', reason: 'Unknown value' },
        ],
      },
    ]);
  });
});

describe('DRS5 extensions (sidn-ext-epp-1.0)', () => {
  it('decodes SIDN messages with code, field and Dutch text', () => {
    const r = response('sidn-fixtures/net-dri/SIDN_L042_response_2303-msg.xml');
    expect(r.sidn).toEqual({
      messages: [
        {
          code: 'F0001',
          field: 'handle',
          text: 'Waarde voldoet niet aan de expressie: [A-Z]{3}[0-9]{6}[-][A-Z0-9]{5}.',
        },
        { code: 'T0002', field: 'handle', text: 'De opgegeven handle is onbekend.' },
      ],
    });
    expect(r.results[0].message).toBe('The specified contact person is unknown.');
  });

  it('trims the message code (SIDN\'s own example has code=" T0003") and drops an empty field', () => {
    const r = decodeResponse(
      wrap(
        '<result code="2200"><msg>Authentication error</msg></result><extension><sidn-ext-epp:ext><sidn-ext-epp:response><sidn-ext-epp:msg code=" T0003" field="registrarnummer">Onbekende registrar</sidn-ext-epp:msg><sidn-ext-epp:msg code="T0001" field="">x</sidn-ext-epp:msg></sidn-ext-epp:response></sidn-ext-epp:ext></extension><trID><svTRID>s</svTRID></trID>',
        ' xmlns:sidn-ext-epp="http://rxsd.domain-registry.nl/sidn-ext-epp-1.0"',
      ),
    );
    expect(r.sidn?.messages).toEqual([
      { code: 'T0003', field: 'registrarnummer', text: 'Onbekende registrar' },
      { code: 'T0001', text: 'x' },
    ]);
  });

  it('decodes domain info extension leniently: period without unit, order and extras tolerated', () => {
    const r = response('sidn-fixtures/net-dri/SIDN_L050_response_1000-infdata.xml');
    expect(r.extensions.sidnDomain).toEqual({
      optOut: false,
      limited: false,
      period: { value: 3 },
      scheduledDeleteDate: '2030-01-01T08:37:45.000Z',
    });
    expect(r.unhandled).toEqual([]);
    const gtld = response('sidn-fixtures/net-dri/SIDN-gTLD_L127_response_1000-infdata.xml');
    expect(gtld.extensions.sidnDomain).toEqual({ optOut: false, limited: false });
  });

  it('decodes contact legal form, registration number and limited', () => {
    const r = response('sidn-fixtures/net-dri/SIDN_L121_response_1000-infdata.xml');
    expect(r.extensions.sidnContact).toEqual({
      legalForm: 'EENMANSZAAK',
      legalFormRegNo: '8764654.0',
      limited: true,
    });
    expect(resData(r, 'contact:infData').statuses).toEqual([
      { s: 'pendingUpdate', text: 'linked, limited, pendingUpdate' },
    ]);
  });

  it('decodes a pollData message with the wrapped original result, decoded recursively', () => {
    const r = response('sidn-fixtures/net-dri/SIDN-gTLD_L072_response_1301-polldata.xml');
    expect(r.msgQ).toMatchObject({
      count: 4,
      id: '100005',
      msg: '1015 Transfer domain name domaintransfer31.amsterdam processed',
    });
    const poll = resData(r, 'sidn:pollData');
    expect(poll.command).toBe('domain:transfer');
    expect(poll.data.results).toEqual([
      { code: 1000, message: 'The domain name has been transferred.', values: [], extValues: [] },
    ]);
    expect(poll.data.trID).toEqual({ clTRID: 'C0101C10T10', svTRID: '100027' });
    expect(resData(poll.data, 'domain:trnData')).toMatchObject({
      name: 'domaintransfer31.amsterdam',
      trStatus: 'pending',
    });
  });

  it('decodes a rejected delete carried in pollData (2308 inside a 1301)', () => {
    const r = response('sidn-fixtures/net-dri/SIDN-gTLD_L061_response_1301-polldata.xml');
    const poll = resData(r, 'sidn:pollData');
    expect(poll.command).toBe('domain:delete');
    expect(poll.data.results[0].code).toBe(2308);
  });

  it('decodes the registry-contacts-delete poll payload (1103)', () => {
    const r = response(
      'sidn-fixtures/php-epp-client/sidnEppPollResponse_poll-1301-registry-contacts-delete.xml',
    );
    expect(r.msgQ).toEqual({
      count: 1,
      id: '1234',
      qDate: '2020-12-14T14:05:50.000Z',
      msg: '1103 Contacten verwijderd',
    });
    expect(resData(r, 'registryContactsDelete').ids).toEqual(['ABC123-XYZ', 'ABC456-XYZ', 'ABC789-XYZ']);
  });

  it('keeps a second resData child instead of dropping it', () => {
    const r = response('sidn-fixtures/sandwave-epp-client-php/responses_domain_transfer_sidn.xml');
    expect(r.resData?.type).toBe('domain:trnData');
    expect(r.moreResData?.map((d) => d.type)).toEqual(['sidn:pollData']);
  });

  it('decodes the new token after a transfer (sidn-ext-epp trnData)', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><extension><s:ext xmlns:s="http://rxsd.domain-registry.nl/sidn-ext-epp-1.0"><s:trnData><s:pw>token123</s:pw><s:domainname>a.nl</s:domainname><s:requestor>X1837</s:requestor></s:trnData></s:ext></extension><trID><svTRID>s</svTRID></trID>',
      ),
    );
    expect(r.extensions.sidnTransfer).toEqual({ pw: 'token123', domainname: 'a.nl', requestor: 'X1837' });
    expect(r.sidn).toBeNull();
  });

  it('decodes an explicitly nil scheduledDeleteDate and a period with unit', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><extension><s:ext xmlns:s="http://rxsd.domain-registry.nl/sidn-ext-epp-1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:infData><s:domain><s:optOut>0</s:optOut><s:period unit="m">12</s:period><s:scheduledDeleteDate xsi:nil="true"/></s:domain></s:infData></s:ext></extension><trID><svTRID>s</svTRID></trID>',
      ),
    );
    expect(r.extensions.sidnDomain).toEqual({
      optOut: false,
      period: { value: 12, unit: 'm' },
      scheduledDeleteDate: null,
    });
  });
});

describe('secDNS-1.1 (RFC 5910 §5.1.1)', () => {
  it('decodes DS data with an embedded key and maxSigLife', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><extension><secDNS:infData xmlns:secDNS="urn:ietf:params:xml:ns:secDNS-1.1"><secDNS:maxSigLife>604800</secDNS:maxSigLife><secDNS:dsData><secDNS:keyTag>12345</secDNS:keyTag><secDNS:alg>13</secDNS:alg><secDNS:digestType>2</secDNS:digestType><secDNS:digest>49FD46E6C4B45C55D4AC</secDNS:digest><secDNS:keyData><secDNS:flags>257</secDNS:flags><secDNS:protocol>3</secDNS:protocol><secDNS:alg>13</secDNS:alg><secDNS:pubKey>AQPJ////4Q==</secDNS:pubKey></secDNS:keyData></secDNS:dsData></secDNS:infData></extension><trID><svTRID>s</svTRID></trID>',
      ),
    );
    expect(r.extensions.secDNS).toEqual({
      maxSigLife: 604800,
      dsData: [
        {
          keyTag: 12345,
          alg: 13,
          digestType: 2,
          digest: '49FD46E6C4B45C55D4AC',
          keyData: { flags: 257, protocol: 3, alg: 13, pubKey: 'AQPJ////4Q==' },
        },
      ],
      keyData: [],
    });
    expect(r.unhandled).toEqual([]);
  });
});

describe('less common but valid shapes', () => {
  it('decodes a response whose EPP elements carry a prefix instead of the default namespace', () => {
    const r = decodeResponse(
      '<e:epp xmlns:e="urn:ietf:params:xml:ns:epp-1.0"><e:response><e:result code="1000"><e:msg>ok</e:msg></e:result><e:trID><e:svTRID>p1</e:svTRID></e:trID></e:response></e:epp>',
    );
    expect(r.results[0]).toMatchObject({ code: 1000, message: 'ok' });
    expect(r.trID).toEqual({ svTRID: 'p1' });
    expect(r.unhandled).toEqual([]);
  });

  it('decodes host attributes in domain info (RFC 5731 §1.1, host-attribute model)', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><resData><domain:infData xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"><domain:name>a.nl</domain:name><domain:roid>R1</domain:roid><domain:ns><domain:hostAttr><domain:hostName>ns1.a.nl</domain:hostName><domain:hostAddr ip="v4">192.0.2.1</domain:hostAddr><domain:hostAddr ip="v6">2001:db8::1</domain:hostAddr></domain:hostAttr></domain:ns><domain:clID>X</domain:clID></domain:infData></resData><trID><svTRID>s</svTRID></trID>',
      ),
    );
    const d = resData(r, 'domain:infData');
    expect(d.nameservers).toEqual([]);
    expect(d.nameserverAttrs).toEqual([
      {
        name: 'ns1.a.nl',
        addresses: [
          { ip: 'v4', address: '192.0.2.1' },
          { ip: 'v6', address: '2001:db8::1' },
        ],
      },
    ]);
    expect(r.unhandled).toEqual([]);
  });

  it('decodes a contact disclose list with postal types (RFC 5733 §2.9)', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><resData><contact:infData xmlns:contact="urn:ietf:params:xml:ns:contact-1.0"><contact:id>c1</contact:id><contact:roid>R</contact:roid><contact:clID>X</contact:clID><contact:disclose flag="1"><contact:name type="loc"/><contact:addr type="loc"/><contact:email/></contact:disclose></contact:infData></resData><trID><svTRID>s</svTRID></trID>',
      ),
    );
    expect(resData(r, 'contact:infData').disclose).toEqual({
      flag: true,
      fields: ['name:loc', 'addr:loc', 'email'],
    });
  });

  it('decodes the RFC 3915 restore answer (rgp:upData)', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><extension><rgp:upData xmlns:rgp="urn:ietf:params:xml:ns:rgp-1.0"><rgp:rgpStatus s="pendingRestore"/></rgp:upData></extension><trID><svTRID>s</svTRID></trID>',
      ),
    );
    expect(r.extensions.rgp).toEqual({ statuses: ['pendingRestore'] });
  });
});

describe('leniency (report, do not throw)', () => {
  it('reports unknown elements in resData, extension and the response itself', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg><surprise/></result><resData><x:thing xmlns:x="urn:x"/></resData><extension><y:ext xmlns:y="urn:y"/></extension><trID><svTRID>s</svTRID></trID><trailer/>',
      ),
    );
    expect(r.results[0].code).toBe(1000);
    expect(r.resData).toBeUndefined();
    expect(r.unhandled).toEqual([
      'epp/response/trailer',
      'epp/response/result/surprise',
      'epp/response/resData/x:thing',
      'epp/response/extension/y:ext',
    ]);
  });

  it('tolerates missing optional elements and a missing trID', () => {
    const r = decodeResponse(
      wrap(
        '<result code="1000"><msg>ok</msg></result><resData><domain:creData xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"><domain:name>a.nl</domain:name><domain:crDate>2026-01-01T00:00:00Z</domain:crDate></domain:creData></resData>',
      ),
    );
    expect(r.resData).toEqual({ type: 'domain:creData', name: 'a.nl', crDate: '2026-01-01T00:00:00Z' });
    expect(r.trID).toEqual({});
    expect(r.unhandled).toEqual(['epp/response/trID']);
  });

  it('reads an ISO-8859-1 frame when it declares that encoding (DRS5 allowed it)', () => {
    const xml =
      '<?xml version="1.0" encoding="ISO-8859-1"?><epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response><result code="1000"><msg>Gewijzigd: café</msg></result></response></epp>';
    expect(decodeResponse(Buffer.from(xml, 'latin1')).results[0].message).toBe('Gewijzigd: café');
    expect(decodeResponse(Buffer.from(xml.replace('ISO-8859-1', 'UTF-8'), 'utf8')).results[0].message).toBe(
      'Gewijzigd: café',
    );
  });

  it('is strict on an unusable response: no result', () => {
    expect(() => decodeResponse(wrap('<trID><svTRID>s</svTRID></trID>'))).toThrow(
      expect.objectContaining({ name: 'EppDecodeError', reason: 'missing-result' }),
    );
  });

  it('is strict on a result code that is not a number', () => {
    expect(() => decodeResponse(wrap('<result code="abc"><msg>?</msg></result>'))).toThrow(
      expect.objectContaining({ reason: 'invalid-result-code' }),
    );
  });
});
