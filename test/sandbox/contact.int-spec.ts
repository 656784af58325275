import { NS } from '../../src/epp/codec/namespaces';
import { child, childrenOf, childText, find } from '../../src/epp/codec/xml';
import { CiraCode } from '../../src/sandbox';
import {
  contactCheck,
  contactCreate,
  ContactInput,
  contactDelete,
  contactInfo,
  contactUpdate,
  domainCreate,
  domainDelete,
} from './support/frames';
import { RawEppClient } from './support/raw-epp-client';
import { REG_B, SandboxFixture, startSandboxFixture } from './support/sandbox-fixture';

describe('SIDN sandbox: contacts (RFC 5733 + .nl rules)', () => {
  let f: SandboxFixture;
  let c: RawEppClient;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_contact');
    c = await f.session();
  });
  afterAll(async () => {
    await f.stop();
  });

  let n = 0;
  const id = () => `ct-${++n}`;

  // Every .nl data rule with the code and ciraCode the sandbox answers (docs/sandbox.md, ciraCode table).
  const rules: [string, Omit<ContactInput, 'id'>, number, number][] = [
    ['two postalInfo elements (DRS5: one address)', { postalInfoCount: 2 }, 2306, CiraCode.PostalInfoCount],
    ['no street line', { street: [] }, 2003, CiraCode.StreetCount],
    ['postal code missing for NL', { pc: '' }, 2003, CiraCode.PostalCodeMissing],
    ['postal code with a space', { pc: '1234 AB' }, 2005, CiraCode.PostalCodeSyntax],
    ['postal code in lower case', { pc: '1234ab' }, 2005, CiraCode.PostalCodeSyntax],
    ['voice missing (mandatory under .nl)', { voice: '' }, 2003, CiraCode.VoiceMissing],
    [
      'voice with a leading 0 after +31 (10 digits)',
      { voice: '+31.0612345678' },
      2005,
      CiraCode.DutchPhoneLength,
    ],
    ['voice +31 with 8 digits', { voice: '+31.61234567' }, 2005, CiraCode.DutchPhoneLength],
    ['e-mail without a domain', { email: 'jan@localhost' }, 2005, CiraCode.EmailSyntax],
    ['mandatory legal form property missing', { properties: {} }, 2003, CiraCode.PropertyMandatory],
    [
      'legal form not one of the 18',
      { properties: { NL_LEGAL_FORM: 'LTD' } },
      2004,
      CiraCode.PropertyValueNotAllowed,
    ],
    [
      'KvK number not 8 digits',
      { properties: { NL_LEGAL_FORM: 'BV', NL_KVK_NUMBER: '1234' } },
      2004,
      CiraCode.PropertyValueNotAllowed,
    ],
    [
      'unknown property key',
      { properties: { NL_LEGAL_FORM: 'BV', SHOE_SIZE: '42' } },
      2004,
      CiraCode.PropertyUnknown,
    ],
  ];
  it.each(rules)('refuses %s', async (_name, input, code, ciraCode) => {
    const r = await c.send(contactCreate({ id: id(), ...input }));
    expect([r.code, r.ciraCode]).toEqual([code, ciraCode]);
    expect(r.reason).toBeTruthy();
  });

  it('refuses a contact id with characters outside letters, digits, dot, hyphen, underscore (2005)', async () => {
    const r = await c.send(contactCreate({ id: 'jan#1' }));
    expect([r.code, r.ciraCode]).toEqual([2005, CiraCode.ContactIdSyntax]);
  });

  it('refuses a contact id longer than 16 characters (XSD clIDType: 2001)', async () => {
    expect((await c.send(contactCreate({ id: 'a'.repeat(17) }))).code).toBe(2001);
  });

  it('accepts a foreign address without a postal code, an 0800 number and the +31 nine-digit form', async () => {
    expect((await c.send(contactCreate({ id: id(), cc: 'BE', city: 'Brussel' }))).code).toBe(1000);
    expect((await c.send(contactCreate({ id: id(), voice: '+31.800123' }))).code).toBe(1000);
    expect((await c.send(contactCreate({ id: id(), voice: '+44.2071234567' }))).code).toBe(1000);
  });

  it('creates a contact with a client-chosen id and answers 2302 on a duplicate', async () => {
    const r = await c.send(contactCreate({ id: 'Jan-Dup-01' }));
    expect(r.code).toBe(1000);
    expect(childText(find(r.root, NS.contact, 'creData'), NS.contact, 'id')).toBe('Jan-Dup-01');
    const dup = await c.send(contactCreate({ id: 'Jan-Dup-01' }));
    expect([dup.code, dup.ciraCode]).toEqual([2302, CiraCode.ContactExists]);
    const other = await f.session(REG_B);
    expect((await other.send(contactCreate({ id: 'Jan-Dup-01' }))).code).toBe(2302);
  });

  it('checks contact ids (RFC 5733 §3.1.1)', async () => {
    await c.send(contactCreate({ id: 'chk-taken' }));
    const r = await c.send(contactCheck('chk-taken', 'chk-free'));
    const cds = childrenOf(find(r.root, NS.contact, 'chkData'), NS.contact, 'cd');
    expect(
      cds.map((cd) => [child(cd, NS.contact, 'id')?.text, child(cd, NS.contact, 'id')?.attrs.avail]),
    ).toEqual([
      ['chk-taken', '0'],
      ['chk-free', '1'],
    ]);
  });

  it('shows the contact with its Fury properties on info; another registrar gets 2201, unknown 2303', async () => {
    await c.send(
      contactCreate({ id: 'info-1', properties: { NL_LEGAL_FORM: 'BV', NL_KVK_NUMBER: '12345678' } }),
    );
    const r = await c.send(contactInfo('info-1'));
    expect(r.code).toBe(1000);
    const inf = find(r.root, NS.contact, 'infData');
    expect(childText(inf, NS.contact, 'voice')).toBe('+31.612345678');
    expect(childText(find(inf, NS.contact, 'addr'), NS.contact, 'pc')).toBe('6811AB');
    const props = childrenOf(find(r.root, NS.fury, 'properties'), NS.fury, 'property').map((p) => [
      childText(p, NS.fury, 'key'),
      childText(p, NS.fury, 'value'),
    ]);
    expect(props).toEqual([
      ['NL_KVK_NUMBER', '12345678'],
      ['NL_LEGAL_FORM', 'BV'],
    ]);
    const other = await f.session(REG_B);
    expect((await other.send(contactInfo('info-1'))).code).toBe(2201);
    expect((await c.send(contactInfo('nope-1'))).ciraCode).toBe(CiraCode.ContactDoesNotExist);
  });

  it('updates contact data and Fury properties (rem old + add new; remAll)', async () => {
    await c.send(
      contactCreate({ id: 'upd-1', properties: { NL_LEGAL_FORM: 'BV', NL_KVK_NUMBER: '12345678' } }),
    );
    const r = await c.send(
      contactUpdate(
        'upd-1',
        { email: 'nieuw@example.nl' },
        {
          add: { NL_LEGAL_FORM: 'NV', NL_LANGUAGE: 'en' },
          rem: { NL_LEGAL_FORM: 'BV' },
          remAll: 'NL_KVK_NUMBER',
        },
      ),
    );
    expect([r.code, r.reason]).toEqual([1000, undefined]);
    const info = await c.send(contactInfo('upd-1'));
    expect(childText(find(info.root, NS.contact, 'infData'), NS.contact, 'email')).toBe('nieuw@example.nl');
    const keys = childrenOf(find(info.root, NS.fury, 'properties'), NS.fury, 'property').map((p) => [
      childText(p, NS.fury, 'key'),
      childText(p, NS.fury, 'value'),
    ]);
    expect(keys).toEqual([
      ['NL_LANGUAGE', 'en'],
      ['NL_LEGAL_FORM', 'NV'],
    ]);
  });

  it('refuses removing the mandatory legal form and adding a second value', async () => {
    await c.send(contactCreate({ id: 'upd-2' }));
    const rem = await c.send(contactUpdate('upd-2', {}, { remAll: 'NL_LEGAL_FORM' }));
    expect([rem.code, rem.ciraCode]).toEqual([2306, CiraCode.PropertyNotRemovable]);
    const add = await c.send(contactUpdate('upd-2', {}, { add: { NL_LEGAL_FORM: 'BV' } }));
    expect([add.code, add.ciraCode]).toEqual([2306, CiraCode.PropertySingleValued]);
  });

  it("refuses changing a registrant's name or legal form (DRS5 §3.1.4), but allows other changes", async () => {
    await c.send(contactCreate({ id: 'reg-frozen' }));
    expect(
      (
        await c.send(
          domainCreate({
            name: 'bevroren.nl',
            registrant: 'reg-frozen',
            admin: ['reg-frozen'],
            tech: ['reg-frozen'],
          }),
        )
      ).code,
    ).toBe(1000);
    const name = await c.send(contactUpdate('reg-frozen', { name: 'Piet Jansen' }));
    expect([name.code, name.ciraCode]).toEqual([2306, CiraCode.RegistrantIdentityFrozen]);
    const form = await c.send(
      contactUpdate('reg-frozen', {}, { add: { NL_LEGAL_FORM: 'BV' }, rem: { NL_LEGAL_FORM: 'PERSOON' } }),
    );
    expect(form.code).toBe(2306);
    expect((await c.send(contactUpdate('reg-frozen', { email: 'ander@example.nl' }))).code).toBe(1000);
  });

  it('refuses deleting a linked contact with 2305, also while the domain is in redemption, then deletes it', async () => {
    await c.send(contactCreate({ id: 'del-1' }));
    await c.send(
      domainCreate({ name: 'verwijder.nl', registrant: 'del-1', admin: ['del-1'], tech: ['del-1'] }),
    );
    const linked = await c.send(contactDelete('del-1'));
    expect([linked.code, linked.ciraCode]).toEqual([2305, CiraCode.ContactLinked]);
    expect((await c.send(domainDelete('verwijder.nl'))).code).toBe(1000);
    expect((await c.send(contactDelete('del-1'))).code).toBe(2305);
    await c.send(contactCreate({ id: 'del-2' }));
    expect((await c.send(contactDelete('del-2'))).code).toBe(1000);
    expect((await c.send(contactInfo('del-2'))).code).toBe(2303);
  });

  it("refuses deleting another registrar's contact with 2201", async () => {
    await c.send(contactCreate({ id: 'mine-1' }));
    const other = await f.session(REG_B);
    expect((await other.send(contactDelete('mine-1'))).code).toBe(2201);
  });
});
