import { CustomerProfile } from './profile-fields';
import { parseRecipientsRegister } from './recipients-register';
import { projectRegistrant, registrantUpdate } from './sidn-projection';

const register = parseRecipientsRegister(`
version: 1
recipients:
  - id: sidn
    name: SIDN
    role: independent-controller
    purpose: registration
    legalBasis: contract
    fields:
      name: holder
      organisation: org holder
      legalForm: required
      kvkNumber: for orgs
      street: address
      postalCode: address
      city: address
      countryCode: address
      phone: voice
      email: email
    registry: { legalFormProperty: NL_LEGAL_FORM, kvkNumberProperty: NL_KVK_NUMBER }
`);
const sidn = register.recipients[0];

const person: CustomerProfile = {
  name: 'Jan Jansen',
  legalForm: 'PERSOON',
  kvkNumber: '12345678',
  street: ['Dorpsstraat 1'],
  postalCode: '1234AB',
  city: 'Utrecht',
  countryCode: 'NL',
  phone: '+31.612345678',
  email: 'jan@example.nl',
  extra: { iban: 'NL91ABNA0417164300', bsn: '123456782', notes: 'VIP' },
};
const company: CustomerProfile = { ...person, organisation: 'Jansen B.V.', legalForm: 'BV' };

describe(projectRegistrant.name, () => {
  it('hello: person -> name, address, voice, email and the legal form property; no KvK, no extras', () => {
    const { contact, disclosed } = projectRegistrant(person, sidn, 'hello');
    expect(contact).toEqual({
      postalInfo: {
        type: 'loc',
        name: 'Jan Jansen',
        addr: { street: ['Dorpsstraat 1'], city: 'Utrecht', pc: '1234AB', cc: 'NL' },
      },
      voice: { number: '+31.612345678' },
      email: 'jan@example.nl',
      properties: [{ key: 'NL_LEGAL_FORM', value: 'PERSOON' }],
    });
    expect(disclosed.map((d) => d.field)).not.toContain('kvkNumber');
    expect(JSON.stringify(contact)).not.toMatch(/NL91|123456782|VIP/);
  });

  it('hello: organisation in org, KvK number as property', () => {
    const { contact } = projectRegistrant(company, sidn, 'hello');
    expect(contact.postalInfo.org).toBe('Jansen B.V.');
    expect(contact.postalInfo.name).toBe('Jan Jansen');
    expect(contact.properties).toEqual([
      { key: 'NL_LEGAL_FORM', value: 'BV' },
      { key: 'NL_KVK_NUMBER', value: '12345678' },
    ]);
  });

  it('drs5: the organisation name goes in name, org stays empty, legal form in sidn-ext-epp', () => {
    const { contact, disclosed } = projectRegistrant(company, sidn, 'drs5');
    expect(contact.postalInfo.name).toBe('Jansen B.V.');
    expect(contact.postalInfo.org).toBeUndefined();
    expect(contact.legalForm).toBe('BV');
    expect(contact.legalFormRegNo).toBe('12345678');
    expect(contact.properties).toBeUndefined();
    expect(disclosed.map((d) => d.field)).not.toContain('name');
  });

  it('sends only what the allow-list holds: without postalCode allowed there is no pc', () => {
    const narrow = parseRecipientsRegister(
      `version: 1
recipients:
  - id: sidn
    name: SIDN
    role: independent-controller
    purpose: p
    legalBasis: b
    fields: { name: r, street: r, city: r, countryCode: r, phone: r, email: r, legalForm: r }
    registry: { legalFormProperty: LF, kvkNumberProperty: KVK }
`,
    ).recipients[0];
    const { contact, disclosed } = projectRegistrant(company, narrow, 'hello');
    expect(contact.postalInfo.addr.pc).toBeUndefined();
    expect(contact.postalInfo.org).toBeUndefined();
    expect(contact.properties).toEqual([{ key: 'LF', value: 'BV' }]);
    expect(disclosed.every((d) => narrow.fields.has(d.field))).toBe(true);
  });

  it('names the register reason as the rule of each disclosed field', () => {
    const { disclosed } = projectRegistrant(company, sidn, 'hello');
    expect(disclosed.find((d) => d.field === 'kvkNumber')?.rule).toBe(
      'for orgs (sent for organisations only)',
    );
    expect(disclosed.find((d) => d.field === 'phone')?.carriedAs).toBe('contact:voice');
  });
});

describe(registrantUpdate.name, () => {
  it('is undefined when nothing changed', () => {
    const c = projectRegistrant(person, sidn, 'hello').contact;
    expect(registrantUpdate('H1', c, c)).toBeUndefined();
  });

  it('sends only the changed parts, the address as a whole (SIDN)', () => {
    const before = projectRegistrant(person, sidn, 'hello').contact;
    const after = projectRegistrant(
      { ...person, city: 'Amsterdam', email: 'j@example.nl' },
      sidn,
      'hello',
    ).contact;
    expect(registrantUpdate('H1', before, after)).toEqual({
      id: 'H1',
      chg: {
        postalInfo: {
          type: 'loc',
          addr: { street: ['Dorpsstraat 1'], city: 'Amsterdam', pc: '1234AB', cc: 'NL' },
        },
        email: 'j@example.nl',
      },
    });
  });

  it('changes a property as rem old + add new (Fury)', () => {
    const before = projectRegistrant(company, sidn, 'hello').contact;
    const after = projectRegistrant({ ...company, kvkNumber: '87654321' }, sidn, 'hello').contact;
    expect(registrantUpdate('H1', before, after)).toEqual({
      id: 'H1',
      properties: {
        add: [{ key: 'NL_KVK_NUMBER', value: '87654321' }],
        rem: [{ key: 'NL_KVK_NUMBER', value: '12345678' }],
      },
    });
  });
});
