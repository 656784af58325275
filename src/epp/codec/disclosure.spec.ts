import path from 'node:path';
import fc from 'fast-check';
import {
  EncodeError,
  encodeContactCreate,
  encodeContactDelete,
  encodeContactUpdate,
  encodeDomainCreate,
  encodeDomainDelete,
  type ContactCreateCommand,
  type EncodeContext,
} from './commands';
import { extractDisclosure } from './disclosure';
import { NS } from './namespaces';
import { XsdValidator } from '../xsd/xsd-validator';

const HELLO: EncodeContext = { clTRID: 'HANDOFF-1', extensions: new Set([NS.fury]), profile: 'hello' };
const DRS5: EncodeContext = { clTRID: 'HANDOFF-2', extensions: new Set([NS.sidn]), profile: 'drs5' };

const base: ContactCreateCommand = {
  id: 'q8Zr4kLm',
  postalInfo: {
    type: 'loc',
    name: 'Jan Jansen',
    org: 'Jansen & Zn <BV>',
    addr: { street: ['Wolvenplein 16', 'achterom'], city: 'Utrecht', sp: 'UT', pc: '3512CK', cc: 'NL' },
  },
  voice: { number: '+31.612345678' },
  fax: { number: '+31.301234567' },
  email: 'jan@example.nl',
  authInfo: 'unused-pw',
};

describe(extractDisclosure.name, () => {
  it('lists every personal field of a contact:create with Fury properties (hello)', () => {
    const xml = encodeContactCreate(
      {
        ...base,
        properties: [
          { key: 'LEGAL_FORM', value: 'PERSOON' },
          { key: 'AGREEMENT_VERSION', value: '', isDefault: true },
        ],
      },
      HELLO,
    );
    expect(extractDisclosure(xml)).toEqual({
      command: 'contact:create',
      contactId: 'q8Zr4kLm',
      fields: [
        { field: 'name', value: 'Jan Jansen' },
        { field: 'org', value: 'Jansen & Zn <BV>' },
        { field: 'street[0]', value: 'Wolvenplein 16' },
        { field: 'street[1]', value: 'achterom' },
        { field: 'city', value: 'Utrecht' },
        { field: 'sp', value: 'UT' },
        { field: 'pc', value: '3512CK' },
        { field: 'cc', value: 'NL' },
        { field: 'voice', value: '+31.612345678' },
        { field: 'fax', value: '+31.301234567' },
        { field: 'email', value: 'jan@example.nl' },
        { field: 'property:LEGAL_FORM', value: 'PERSOON' },
        { field: 'property:AGREEMENT_VERSION', value: '' },
      ],
    });
  });

  it('lists the SIDN legal form and KvK number of a contact:create (drs5)', () => {
    const xml = encodeContactCreate(
      { ...base, fax: undefined, legalForm: 'BV', legalFormRegNo: '14633770' },
      DRS5,
    );
    const fields = extractDisclosure(xml)!.fields;
    expect(fields.map((f) => f.field)).not.toContain('fax');
    expect(fields.slice(-2)).toEqual([
      { field: 'legalForm', value: 'BV' },
      { field: 'legalFormRegNo', value: '14633770' },
    ]);
  });

  it('lists only what a contact:update changes, and the properties it adds (not those it removes)', () => {
    const xml = encodeContactUpdate(
      {
        id: 'q8Zr4kLm',
        add: { statuses: ['clientDeleteProhibited'] },
        chg: { email: 'nieuw@example.nl', fax: null, authInfo: 'pw2' },
        properties: { add: [{ key: 'LANGUAGE', value: 'NL' }], rem: [{ key: 'LANGUAGE', value: 'EN' }] },
      },
      HELLO,
    );
    expect(extractDisclosure(xml)).toEqual({
      command: 'contact:update',
      contactId: 'q8Zr4kLm',
      fields: [
        { field: 'fax', value: '' },
        { field: 'email', value: 'nieuw@example.nl' },
        { field: 'property:LANGUAGE', value: 'NL' },
      ],
    });
  });

  it('gives null for a contact:update that changes no personal data', () => {
    const xml = encodeContactUpdate({ id: 'q8Zr4kLm', add: { statuses: ['clientDeleteProhibited'] } }, HELLO);
    expect(extractDisclosure(xml)).toBeNull();
  });

  it('records the end of a disclosure: contact:delete and domain:delete', () => {
    expect(extractDisclosure(encodeContactDelete({ id: 'q8Zr4kLm' }, HELLO))).toEqual({
      command: 'contact:delete',
      contactId: 'q8Zr4kLm',
      fields: [],
    });
    expect(extractDisclosure(encodeDomainDelete({ name: 'example.nl' }, HELLO))).toEqual({
      command: 'domain:delete',
      domainName: 'example.nl',
      fields: [],
    });
  });

  it('gives null for frames without personal data (domain:create)', () => {
    const xml = encodeDomainCreate(
      {
        name: 'example.nl',
        registrant: 'q8Zr4kLm',
        contacts: [{ type: 'admin', id: 'ADM001' }],
        authInfo: '',
      },
      HELLO,
    );
    expect(extractDisclosure(xml)).toBeNull();
  });

  it('reads frames written by others too (prefixes and whitespace of the SIDN manual style)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><command><create>
        <c:create xmlns:c="urn:ietf:params:xml:ns:contact-1.0"><c:id>abc</c:id>
          <c:postalInfo type="loc"><c:name>A &amp; B</c:name><c:addr><c:street>s</c:street><c:city>c</c:city><c:cc>NL</c:cc></c:addr></c:postalInfo>
          <c:email>e@x.nl</c:email><c:authInfo><c:pw>p</c:pw></c:authInfo></c:create></create>
        <extension><s:ext xmlns:s="http://rxsd.domain-registry.nl/sidn-ext-epp-1.0"><s:create><s:contact><s:legalForm>BV</s:legalForm></s:contact></s:create></s:ext></extension>
      </command></epp>`;
    expect(extractDisclosure(xml)!.fields).toEqual([
      { field: 'name', value: 'A & B' },
      { field: 'street[0]', value: 's' },
      { field: 'city', value: 'c' },
      { field: 'cc', value: 'NL' },
      { field: 'email', value: 'e@x.nl' },
      { field: 'legalForm', value: 'BV' },
    ]);
  });
});

describe('contact fields with arbitrary strings (property-based)', () => {
  const validator = new XsdValidator(
    path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'epp-reference', 'xsd'),
  );
  // XML metacharacters, CDATA terminators, entity look-alikes, astral characters; now and then a
  // control character or an over-long value (those must become EncodeErrors).
  const tricky = fc.constantFrom(
    '<',
    '>',
    '&',
    '"',
    "'",
    ']]>',
    '&amp;',
    '&#0;',
    '<!--',
    '😀',
    'é',
    ' ',
    'x',
  );
  const text = fc.oneof(
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), weight: 4 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), weight: 2 },
    {
      arbitrary: fc.array(tricky, { minLength: 1, maxLength: 20 }).map((parts) => parts.join('')),
      weight: 4,
    },
    { arbitrary: fc.constantFrom('\t', '\n', '\r', '\u0000', ''), weight: 1 },
    { arbitrary: fc.string({ minLength: 250, maxLength: 300 }), weight: 1 },
  );
  const contact = fc.record({
    name: text,
    org: text,
    street: fc.array(text, { minLength: 1, maxLength: 3 }),
    city: text,
    sp: text,
    email: text,
    propertyValue: text,
  });

  type Generated = typeof contact extends fc.Arbitrary<infer T> ? T : never;
  const toCommand = (v: Generated): ContactCreateCommand => ({
    ...base,
    postalInfo: {
      type: 'loc',
      name: v.name,
      org: v.org,
      addr: { ...base.postalInfo.addr, street: v.street, city: v.city, sp: v.sp },
    },
    email: v.email,
    properties: [{ key: 'NOTE', value: v.propertyValue }],
  });

  it('either encode to a frame that extractDisclosure reads back unchanged, or fail with EncodeError', () => {
    const samples: string[] = [];
    fc.assert(
      fc.property(contact, (v) => {
        let xml: string;
        try {
          xml = encodeContactCreate(toCommand(v), HELLO);
        } catch (err) {
          return err instanceof EncodeError;
        }
        if (samples.length < 6) samples.push(xml);
        const fields = Object.fromEntries(extractDisclosure(xml)!.fields.map((f) => [f.field, f.value]));
        expect(fields.name).toBe(v.name);
        expect(fields.org).toBe(v.org);
        v.street.forEach((s, i) => expect(fields[`street[${i}]`]).toBe(s));
        expect(fields.city).toBe(v.city);
        expect(fields.sp).toBe(v.sp);
        expect(fields.email).toBe(v.email);
        expect(fields['property:NOTE']).toBe(v.propertyValue);
        return true;
      }),
      { numRuns: 80, seed: 20261125 },
    );
    expect(samples.length).toBeGreaterThan(0);
    return Promise.all(samples.map((xml) => validator.validate(xml))).then((results) => {
      for (const r of results) expect(r.errors).toEqual([]);
    });
  });

  it('accepts XML metacharacters and ]]> in values and keeps them exact', () => {
    const name = `A "quoted" <name> & 'co' ]]> 😀`;
    const xml = encodeContactCreate({ ...base, postalInfo: { ...base.postalInfo, name } }, HELLO);
    expect(extractDisclosure(xml)!.fields[0]).toEqual({ field: 'name', value: name });
    return validator.validate(xml).then((r) => expect(r.errors).toEqual([]));
  });
});
