import path from 'node:path';
import { XsdValidator } from '../../xsd/xsd-validator';
import { decodeFrame, decodeResponse } from '../responses';
import { NS } from '../namespaces';
import {
  checkData,
  contactCreData,
  contactInfData,
  domainCreData,
  domainInfData,
  domainRenData,
  domainTrnData,
  encodeGreeting,
  encodeResponse,
  furyObjectInfo,
  furyPropertyChkData,
  furyPropertyInfData,
  furyRgpInfo,
  hostCreData,
  hostInfData,
  rgpData,
} from './response-encoder';

// Validated against the reference pack (not the bundled copy the sandbox itself uses).
const REFERENCE_XSD = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'epp-reference', 'xsd');
const validator = new XsdValidator(REFERENCE_XSD);
const t = new Date('2026-11-25T10:00:00.000Z');
const later = new Date('2027-11-25T10:00:00.000Z');

async function expectValid(xml: string): Promise<void> {
  expect((await validator.validate(xml)).errors).toEqual([]);
}

describe('server response encoder (RFC 5730 §2.6)', () => {
  it('encodes a Fury-shaped greeting that validates and decodes with the client decoder', async () => {
    const xml = encodeGreeting({
      svID: 'EPP Server Version: 8.0.4 (sandbox)',
      svDate: t,
      langs: ['en', 'nl'],
      objURIs: [NS.epp, NS.domain, NS.host, NS.contact],
      extURIs: [NS.fury, NS.furyRgp, NS.rgp, NS.secDNS],
    });
    await expectValid(xml);
    const frame = decodeFrame(xml);
    if (frame.kind !== 'greeting') throw new Error('not a greeting');
    expect(frame.greeting.extURIs).toEqual([NS.fury, NS.furyRgp, NS.rgp, NS.secDNS]);
  });

  it('encodes a Fury error: extValue with fury:ciraCode and reason', async () => {
    const xml = encodeResponse({
      results: [{ code: 2303, ciraCode: 8010, reason: 'Domain name does not exist' }],
      clTRID: 'ABC-1',
      svTRID: 'SBX-1',
    });
    await expectValid(xml);
    const r = decodeResponse(xml);
    expect(r.results[0]).toMatchObject({ code: 2303, message: 'Object does not exist' });
    expect(r.results[0].extValues[0]).toMatchObject({
      ciraCode: '8010',
      reason: 'Domain name does not exist',
    });
    expect(r.trID).toEqual({ clTRID: 'ABC-1', svTRID: 'SBX-1' });
  });

  it('encodes a poll message with msgQ and resData (RFC 5730 §2.9.2.3)', async () => {
    const xml = encodeResponse({
      results: [{ code: 1301 }],
      msgQ: { count: 2, id: '17', qDate: t, msg: 'Transfer completed' },
      resData: [
        domainTrnData({
          name: 'a.nl',
          trStatus: 'serverApproved',
          reID: 'reg-b',
          reDate: t,
          acID: 'reg-a',
          acDate: t,
          exDate: later,
        }),
      ],
      svTRID: 'SBX-2',
    });
    await expectValid(xml);
    expect(decodeResponse(xml).msgQ).toMatchObject({ count: 2, id: '17', msg: 'Transfer completed' });
  });

  it('encodes every resData the sandbox answers with, valid against the XSDs', async () => {
    const resData = [
      checkData('domain', [
        { id: 'a.nl', avail: false, reason: 'Registered' },
        { id: 'b.nl', avail: true },
      ]),
      checkData('contact', [{ id: 'c-1', avail: true }]),
      checkData('host', [{ id: 'ns1.a.nl', avail: false, reason: 'In use' }]),
      domainCreData('a.nl', t, later),
      domainRenData('a.nl', later),
      contactCreData('c-1', t),
      hostCreData('ns1.a.nl', t),
      domainInfData({
        name: 'a.nl',
        roid: 'D1-SBX',
        statuses: ['ok'],
        registrant: 'c-1',
        contacts: [
          { type: 'admin', id: 'c-1' },
          { type: 'tech', id: 'c-2' },
        ],
        hostObjs: ['ns1.a.nl'],
        subordinateHosts: ['ns1.a.nl'],
        clID: 'reg-a',
        crID: 'reg-a',
        crDate: t,
        exDate: later,
        authInfo: 'token',
      }),
      contactInfData({
        id: 'c-1',
        roid: 'C1-SBX',
        statuses: ['ok', 'linked'],
        postalInfo: [
          { type: 'loc', name: 'Jan', street: ['Dorpsstraat 1'], city: 'Arnhem', pc: '6811AB', cc: 'NL' },
        ],
        voice: { number: '+31.612345678' },
        email: 'jan@example.nl',
        clID: 'reg-a',
        crID: 'reg-a',
        crDate: t,
        authInfo: 'pw',
      }),
      hostInfData({
        name: 'ns1.a.nl',
        roid: 'H1-SBX',
        statuses: ['ok'],
        addrs: [{ ip: 'v4', addr: '192.0.2.1' }],
        clID: 'reg-a',
        crID: 'reg-a',
        crDate: t,
      }),
    ];
    for (const rd of resData)
      await expectValid(encodeResponse({ results: [{ code: 1000 }], resData: [rd], svTRID: 'SBX-3' }));
  });

  it('encodes the Fury and RGP response extensions, valid and decodable', async () => {
    const xml = encodeResponse({
      results: [{ code: 1000 }],
      resData: [
        domainInfData({
          name: 'a.nl',
          roid: 'D1-SBX',
          statuses: ['pendingDelete'],
          contacts: [],
          clID: 'reg-a',
          crDate: t,
        }),
      ],
      extension: [
        furyObjectInfo({ NL_LEGAL_FORM: ['BV'] })!,
        rgpData('infData', 'redemptionPeriod'),
        furyRgpInfo(later),
      ],
      svTRID: 'SBX-4',
    });
    await expectValid(xml);
    const r = decodeResponse(xml);
    expect(r.extensions.rgp?.statuses).toEqual(['redemptionPeriod']);
    expect(r.extensions.furyRgp?.rgpStatusEnd).toBe(later.toISOString());
    await expectValid(
      encodeResponse({
        results: [{ code: 1000 }],
        extension: [
          furyPropertyInfData('en', [
            {
              key: 'K',
              localizedKey: 'Key',
              values: [{ value: 'A', isDefault: true, localizedValue: 'a' }],
              attributes: [{ key: 'entitytype', values: ['contact'] }],
            },
          ]),
        ],
        svTRID: 'SBX-5',
      }),
    );
    await expectValid(
      encodeResponse({
        results: [{ code: 1000 }],
        extension: [
          furyPropertyChkData([{ key: 'K', values: [{ value: 'A', result: 'INVALID', reason: 'no' }] }]),
        ],
        svTRID: 'SBX-6',
      }),
    );
  });

  it('escapes values, so a reason cannot inject markup', async () => {
    const xml = encodeResponse({
      results: [{ code: 2306, ciraCode: 5001, reason: '</reason><x>' }],
      svTRID: 'SBX-7',
    });
    await expectValid(xml);
    expect(decodeResponse(xml).results[0].extValues[0].reason).toBe('</reason><x>');
  });
});
