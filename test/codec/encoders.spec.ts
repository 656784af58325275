import path from 'node:path';
import * as E from '../../src/epp/codec/commands';
import { EncodeError, type EncodeContext } from '../../src/epp/codec/commands';
import { NS } from '../../src/epp/codec/namespaces';
import { XsdValidator } from '../../src/epp/xsd/xsd-validator';
import { normalizeFrame } from './frame-tree';

/**
 * Every encoder, in every profile variant, produces a frame that validates against the reference
 * XSDs (`all.xsd`: RFC 5730-5733, secDNS, rgp, Fury, SIDN). One validation per frame (~170 ms).
 */
const validator = new XsdValidator(
  path.resolve(__dirname, '..', '..', '..', 'shared', 'epp-reference', 'xsd'),
);

const HELLO: EncodeContext = {
  clTRID: 'HANDOFF-1-abc',
  extensions: new Set([NS.fury, NS.furyRgp, NS.rgp, NS.secDNS]),
  profile: 'hello',
};
const DRS5: EncodeContext = {
  clTRID: 'HANDOFF-2-abc',
  extensions: new Set([NS.sidn, NS.sidnScheduledDelete, NS.secDNS]),
  profile: 'drs5',
};
const PLAIN: EncodeContext = { clTRID: 'HANDOFF-3-abc', extensions: new Set(), profile: 'hello' };

const address = { street: ['Wolvenplein 16', '2e etage'], city: 'Utrecht', pc: '3512CK', cc: 'NL' };
const ds = { keyTag: 12345, alg: 13, digestType: 2, digest: '49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE' };
const contactCreate: E.ContactCreateCommand = {
  id: 'H7k2q9xw',
  postalInfo: { type: 'loc', name: 'Jan Jansen', org: 'Jansen & Zn', addr: address },
  voice: { number: '+31.612345678' },
  email: 'jan@example.nl',
  authInfo: 'Xy9-unused',
};

const frames: [string, () => string][] = [
  // RFC 5730 session
  ['hello', () => E.encodeHello()],
  [
    'login with newPW and extensions (hello)',
    () =>
      E.encodeLogin(
        {
          clientId: 'registrar1',
          password: 'secret-pw1',
          newPassword: 'secret-pw2',
          objURIs: [NS.domain, NS.contact, NS.host],
          extURIs: [NS.fury, NS.furyRgp, NS.rgp, NS.secDNS],
        },
        'HANDOFF-0',
      ),
  ],
  [
    'login without extensions',
    () =>
      E.encodeLogin(
        { clientId: 'registrar1', password: 'secret-pw1', objURIs: [NS.domain], extURIs: [] },
        'HANDOFF-0',
      ),
  ],
  ['logout', () => E.encodeLogout('HANDOFF-0')],
  ['poll req', () => E.encodePollRequest('HANDOFF-0')],
  ['poll ack', () => E.encodePollAck('1234', 'HANDOFF-0')],
  // RFC 5733 contact
  ['contact:check', () => E.encodeContactCheck({ ids: ['abc123', 'def456'] }, PLAIN)],
  ['contact:info with authInfo', () => E.encodeContactInfo({ id: 'abc123', authInfo: 'pw1' }, PLAIN)],
  [
    'contact:create (RFC, disclose, fax, voice x)',
    () =>
      E.encodeContactCreate(
        {
          ...contactCreate,
          voice: { number: '+31.612345678', ext: '12' },
          fax: { number: '+31.201234567' },
          disclose: { flag: false, fields: ['name', 'addr', 'voice', 'email'] },
        },
        PLAIN,
      ),
  ],
  [
    'contact:create hello with Fury properties',
    () =>
      E.encodeContactCreate(
        {
          ...contactCreate,
          properties: [
            { key: 'LEGAL_FORM', value: 'BV' },
            { key: 'KVK_NUMBER', value: '14633770' },
            { key: 'AGREEMENT_VERSION', value: '', isDefault: true },
          ],
        },
        HELLO,
      ),
  ],
  [
    'contact:create drs5 with legal form',
    () => E.encodeContactCreate({ ...contactCreate, legalForm: 'BV', legalFormRegNo: '14633770' }, DRS5),
  ],
  [
    'contact:update hello (statuses, chg, Fury add/rem/remAll)',
    () =>
      E.encodeContactUpdate(
        {
          id: 'abc123',
          add: { statuses: ['clientDeleteProhibited'] },
          rem: { statuses: [{ s: 'clientUpdateProhibited', lang: 'en', reason: 'unlocked' }] },
          chg: {
            postalInfo: { type: 'loc', name: 'Jan Jansen', org: null, addr: address },
            voice: { number: '+31.612345679' },
            fax: null,
            email: 'jan2@example.nl',
            authInfo: 'newpw',
            disclose: { flag: true, fields: ['email'] },
          },
          properties: {
            add: [{ key: 'LANGUAGE', value: 'NL' }],
            rem: [{ key: 'LANGUAGE', value: 'EN' }],
            remAll: ['KVK_NUMBER'],
          },
        },
        HELLO,
      ),
  ],
  [
    'contact:update drs5 with legal form',
    () =>
      E.encodeContactUpdate({ id: 'JAN123456-DEELN', chg: { email: 'a@b.nl' }, legalForm: 'PERSOON' }, DRS5),
  ],
  ['contact:delete', () => E.encodeContactDelete({ id: 'abc123' }, PLAIN)],
  // RFC 5731 domain
  ['domain:check', () => E.encodeDomainCheck({ names: ['example.nl', 'voorbeeld.nl'] }, PLAIN)],
  [
    'domain:info with hosts and authInfo roid',
    () =>
      E.encodeDomainInfo(
        { name: 'example.nl', hosts: 'none', authInfo: { pw: 'token1', roid: 'EX-NL' } },
        PLAIN,
      ),
  ],
  [
    'domain:create (RFC)',
    () =>
      E.encodeDomainCreate(
        {
          name: 'example.nl',
          period: { value: 12, unit: 'm' },
          nameservers: ['ns1.example.net', 'ns2.example.net'],
          registrant: 'abc123',
          contacts: [
            { type: 'admin', id: 'ADM001' },
            { type: 'tech', id: 'TEC001' },
          ],
          authInfo: '',
        },
        PLAIN,
      ),
  ],
  [
    'domain:create hello with Fury properties and DS data',
    () =>
      E.encodeDomainCreate(
        {
          name: 'example.nl',
          period: { value: 1, unit: 'y' },
          registrant: 'abc123',
          contacts: [{ type: 'admin', id: 'ADM001' }],
          authInfo: 'x',
          properties: [{ key: 'PRIVACY', value: 'PRIVATE' }],
          secDNS: { dsData: [ds] },
        },
        HELLO,
      ),
  ],
  [
    'domain:update (RFC add/rem/chg)',
    () =>
      E.encodeDomainUpdate(
        {
          name: 'example.nl',
          add: {
            nameservers: ['ns3.example.net'],
            contacts: [{ type: 'tech', id: 'TEC002' }],
            statuses: ['clientHold'],
          },
          rem: { nameservers: ['ns1.example.net'], contacts: [{ type: 'tech', id: 'TEC001' }] },
          chg: { registrant: 'def456', authInfo: 'newtoken' },
        },
        PLAIN,
      ),
  ],
  [
    'domain:update hello with Fury properties and secDNS add/rem',
    () =>
      E.encodeDomainUpdate(
        {
          name: 'example.nl',
          properties: {
            add: [{ key: 'PRIVACY', value: 'PUBLIC' }],
            rem: [{ key: 'PRIVACY', value: 'PRIVATE' }],
          },
          secDNS: { rem: { dsData: [ds] }, add: { dsData: [{ ...ds, keyTag: 2 }] } },
        },
        HELLO,
      ),
  ],
  [
    'domain:update secDNS remove all',
    () => E.encodeDomainUpdate({ name: 'example.nl', secDNS: { rem: { all: true } } }, DRS5),
  ],
  [
    'domain:update drs5 scheduled delete setDate',
    () =>
      E.encodeDomainUpdate(
        { name: 'example.nl', scheduledDelete: { operation: 'setDate', date: '2027-01-31' } },
        DRS5,
      ),
  ],
  [
    'domain:update drs5 scheduled delete at end of period',
    () =>
      E.encodeDomainUpdate(
        { name: 'example.nl', scheduledDelete: { operation: 'setDateToEndOfSubscriptionPeriod' } },
        DRS5,
      ),
  ],
  [
    'domain:update drs5 scheduled delete cancel',
    () => E.encodeDomainUpdate({ name: 'example.nl', scheduledDelete: { operation: 'cancel' } }, DRS5),
  ],
  ['domain:delete', () => E.encodeDomainDelete({ name: 'example.nl' }, PLAIN)],
  [
    'domain:renew',
    () =>
      E.encodeDomainRenew(
        { name: 'example.nl', curExpDate: '2027-09-01', period: { value: 1, unit: 'y' } },
        PLAIN,
      ),
  ],
  ['domain:transfer query', () => E.encodeDomainTransferQuery({ name: 'example.nl' }, PLAIN)],
  [
    'domain:transfer request',
    () =>
      E.encodeDomainTransferRequest(
        { name: 'example.nl', authInfo: 'token1', period: { value: 1, unit: 'y' } },
        PLAIN,
      ),
  ],
  ['domain restore request (RFC 3915)', () => E.encodeDomainRestoreRequest({ name: 'example.nl' }, HELLO)],
  [
    'domain restore report (RFC 3915)',
    () =>
      E.encodeDomainRestoreReport(
        {
          name: 'example.nl',
          report: {
            preData: 'registrant abc123\nns1.example.net',
            postData: 'registrant abc123',
            delTime: '2026-10-01T10:00:00Z',
            resTime: '2026-10-02T10:00:00.0Z',
            resReason: 'Customer renewed in time.',
            statements: ['Statement one.', 'Statement two.'],
          },
        },
        HELLO,
      ),
  ],
  // RFC 5732 host
  ['host:check', () => E.encodeHostCheck({ names: ['ns1.example.nl'] }, PLAIN)],
  ['host:info', () => E.encodeHostInfo({ name: 'ns1.example.nl' }, PLAIN)],
  [
    'host:create',
    () =>
      E.encodeHostCreate(
        {
          name: 'ns1.example.nl',
          addrs: [
            { ip: 'v4', address: '192.0.2.1' },
            { ip: 'v6', address: '2001:db8::1' },
          ],
        },
        PLAIN,
      ),
  ],
  [
    'host:update',
    () =>
      E.encodeHostUpdate(
        {
          name: 'ns1.example.nl',
          add: { addrs: [{ ip: 'v4', address: '192.0.2.2' }], statuses: ['clientDeleteProhibited'] },
          rem: { addrs: [{ ip: 'v4', address: '192.0.2.1' }] },
        },
        PLAIN,
      ),
  ],
  ['host:delete', () => E.encodeHostDelete({ name: 'ns1.example.nl' }, PLAIN)],
  // extension-only frames
  ['fury:command/info, all definitions', () => E.encodeFuryPropertyInfo({})],
  [
    'fury:command/info, listed keys in nl',
    () => E.encodeFuryPropertyInfo({ language: 'nl', keys: ['LEGAL_FORM'] }),
  ],
  [
    'fury:command/check',
    () => E.encodeFuryPropertyCheck({ properties: [{ key: 'LEGAL_FORM', values: ['BV', 'NV'] }] }),
  ],
  [
    'sidn-ext-epp:command/domainCancelDelete with period',
    () => E.encodeDomainCancelDelete({ name: 'example.nl', period: { value: 12, unit: 'm' } }, 'HANDOFF-0'),
  ],
];

describe('command encoders: XSD validity (RFC 5730 §4, all.xsd)', () => {
  it.each(frames)('%s validates', async (_name, encode) => {
    const result = await validator.validate(encode());
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });
});

describe('command encoders: negotiated extensions only (issue 2 §2)', () => {
  it('refuses Fury properties when fury-2.1 was not negotiated', () => {
    const encode = () =>
      E.encodeContactCreate({ ...contactCreate, properties: [{ key: 'LEGAL_FORM', value: 'BV' }] }, DRS5);
    expect(encode).toThrow(EncodeError);
    expect(encode).toThrow(/LEGAL_FORM.*fury-2\.1/);
  });

  it('leaves out properties the caller marked optional when fury-2.1 is absent', () => {
    const xml = E.encodeContactCreate(
      { ...contactCreate, properties: [{ key: 'LANGUAGE', value: 'NL', optional: true }] },
      PLAIN,
    );
    expect(xml).not.toContain('fury');
  });

  it('sends optional properties when fury-2.1 is negotiated', () => {
    const xml = E.encodeContactCreate(
      { ...contactCreate, properties: [{ key: 'LANGUAGE', value: 'NL', optional: true }] },
      HELLO,
    );
    expect(xml).toContain('<fury:key>LANGUAGE</fury:key>');
  });

  it('refuses a legal form without sidn-ext-epp-1.0', () => {
    expect(() => E.encodeContactCreate({ ...contactCreate, legalForm: 'BV' }, HELLO)).toThrow(
      /sidn-ext-epp-1\.0/,
    );
  });

  it('refuses a scheduled delete without the scheduled-delete extension', () => {
    expect(() =>
      E.encodeDomainUpdate({ name: 'example.nl', scheduledDelete: { operation: 'cancel' } }, HELLO),
    ).toThrow(/scheduled-delete/);
  });

  it('refuses DS data without secDNS-1.1', () => {
    expect(() =>
      E.encodeDomainCreate(
        { name: 'example.nl', registrant: 'abc123', contacts: [], authInfo: '', secDNS: { dsData: [ds] } },
        PLAIN,
      ),
    ).toThrow(/secDNS-1\.1/);
  });

  it('refuses an RFC 3915 restore without rgp-1.0', () => {
    expect(() => E.encodeDomainRestoreRequest({ name: 'example.nl' }, DRS5)).toThrow(/rgp-1\.0/);
  });

  it('refuses remAll of a property without fury-2.1', () => {
    expect(() =>
      E.encodeDomainUpdate({ name: 'example.nl', properties: { remAll: ['PRIVACY'] } }, PLAIN),
    ).toThrow(EncodeError);
  });

  it('writes no extension block when nothing needs one', () => {
    expect(E.encodeContactCreate(contactCreate, HELLO)).not.toContain('<extension>');
  });

  it('puts the restore request on an update with an empty <domain:chg/> (RFC 3915 §4.2.5)', () => {
    const tree = normalizeFrame(E.encodeDomainRestoreRequest({ name: 'example.nl' }, HELLO));
    const update = tree.children[0].children[0].children[0];
    expect(update.children.map((c) => c.local)).toEqual(['name', 'chg']);
    expect(update.children[1].children).toEqual([]);
  });
});

describe('command encoders: values the XSD cannot carry are typed errors, without the value', () => {
  const secret = 'Pietje\tPuk';
  it.each<[string, () => string]>([
    [
      'a tab in a name',
      () =>
        E.encodeContactCreate(
          { ...contactCreate, postalInfo: { ...contactCreate.postalInfo, name: secret } },
          PLAIN,
        ),
    ],
    [
      'an empty name',
      () =>
        E.encodeContactCreate(
          { ...contactCreate, postalInfo: { ...contactCreate.postalInfo, name: '' } },
          PLAIN,
        ),
    ],
    [
      'a name over 255 characters',
      () =>
        E.encodeContactCreate(
          { ...contactCreate, postalInfo: { ...contactCreate.postalInfo, name: 'x'.repeat(256) } },
          PLAIN,
        ),
    ],
    [
      'four street lines',
      () =>
        E.encodeContactCreate(
          {
            ...contactCreate,
            postalInfo: { ...contactCreate.postalInfo, addr: { ...address, street: ['a', 'b', 'c', 'd'] } },
          },
          PLAIN,
        ),
    ],
    [
      'a phone number not in +CC.NUMBER form',
      () => E.encodeContactCreate({ ...contactCreate, voice: { number: '0612345678' } }, PLAIN),
    ],
    [
      'an e-mail with a leading space',
      () => E.encodeContactCreate({ ...contactCreate, email: ' jan@example.nl' }, PLAIN),
    ],
    ['a contact id of 2 characters', () => E.encodeContactCreate({ ...contactCreate, id: 'ab' }, PLAIN)],
    [
      'a character XML 1.0 cannot carry',
      () =>
        E.encodeContactCreate(
          { ...contactCreate, postalInfo: { ...contactCreate.postalInfo, name: 'a\uFFFEb' } },
          PLAIN,
        ),
    ],
    [
      'a period of 100 years',
      () =>
        E.encodeDomainRenew(
          { name: 'example.nl', curExpDate: '2027-01-01', period: { value: 100, unit: 'y' } },
          PLAIN,
        ),
    ],
    ['a malformed date', () => E.encodeDomainRenew({ name: 'example.nl', curExpDate: '1-1-2027' }, PLAIN)],
    ['a clTRID of 2 characters', () => E.encodeLogout('ab')],
  ])('%s', (_name, encode) => {
    let error: unknown;
    try {
      encode();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EncodeError);
    expect((error as EncodeError).code).toBe('invalid-value');
    expect((error as EncodeError).message).not.toContain('Pietje');
  });
});
