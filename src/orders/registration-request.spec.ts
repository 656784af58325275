import { parseRegistrationRequest } from './registration-request';

const customer = {
  customerId: 'C-1001',
  name: 'Jan Jansen',
  street: ['Dorpsstraat 1'],
  postalCode: '1234 ab',
  city: 'Utrecht',
  countryCode: 'nl',
  phone: '06 12345678',
  email: 'Jan@Example.NL',
  iban: 'NL91ABNA0417164300',
  dateOfBirth: '1970-01-01',
};
const rules = (body: unknown) => {
  const r = parseRegistrationRequest(body);
  return r.ok ? [] : r.violations.map((v) => `${v.field}:${v.rule}`);
};

describe(parseRegistrationRequest.name, () => {
  it('normalises a valid order and keeps unknown profile fields apart as extras', () => {
    const r = parseRegistrationRequest({ domain: 'Café.NL', nameservers: ['NS1.Example.net'], customer });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.domain).toEqual({ ace: 'xn--caf-dma.nl', unicode: 'café.nl' });
    expect(r.value.nameservers).toEqual(['ns1.example.net']);
    expect(r.value.period).toEqual({ value: 1, unit: 'y' });
    expect(r.value.profile).toMatchObject({
      legalForm: 'PERSOON',
      postalCode: '1234AB',
      countryCode: 'NL',
      phone: '+31.612345678',
      email: 'Jan@example.nl',
    });
    expect(r.value.profile.extra).toEqual({ iban: 'NL91ABNA0417164300', dateOfBirth: '1970-01-01' });
  });

  it('rejects unknown top-level fields', () => {
    expect(rules({ domain: 'example.nl', customer, priority: 'high' })).toEqual(['priority:unknownField']);
  });

  it('lists every violation with field and rule, never the value', () => {
    const r = parseRegistrationRequest({
      domain: 'example.com',
      period: { value: 2, unit: 'y' },
      nameservers: ['ns1.example.net', 'NS1.example.net'],
      customer: { ...customer, postalCode: '12345', phone: 'call me', email: 'secret-value' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.violations.map((v) => `${v.field}:${v.rule}`)).toEqual([
      'domain:isNlSecondLevel',
      'nameservers[1]:arrayUnique',
      'period:sidnPeriod',
      'customer.postalCode:isDutchPostalCode',
      'customer.phone:isPhoneNumber',
      'customer.email:isEmail',
    ]);
    expect(JSON.stringify(r.violations)).not.toMatch(/secret-value|call me|12345"/);
  });

  it('refuses a name server under the domain itself: it would need glue addresses the API does not take', () => {
    const r = parseRegistrationRequest({
      domain: 'voorbeeld.nl',
      nameservers: ['ns1.voorbeeld.nl', 'ns2.hoster.example'],
      customer,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.violations.map((v) => `${v.field}:${v.rule}`)).toEqual(['nameservers[0]:notInBailiwick']);
  });

  it('requires a legal form with an organisation, and an organisation with a legal form other than PERSOON', () => {
    expect(rules({ domain: 'example.nl', customer: { ...customer, organisation: 'Jansen BV' } })).toEqual([
      'customer.legalForm:requiredForOrganisation',
    ]);
    expect(rules({ domain: 'example.nl', customer: { ...customer, legalForm: 'bv' } })).toEqual([
      'customer.organisation:requiredForLegalForm',
    ]);
    expect(
      rules({ domain: 'example.nl', customer: { ...customer, legalForm: 'GMBH', organisation: 'X' } }),
    ).toEqual(['customer.legalForm:isLegalForm']);
  });

  it('requires a postal code for a Dutch address and the mandatory contact fields', () => {
    const { postalCode: _pc, phone: _p, ...rest } = customer;
    expect(rules({ domain: 'example.nl', customer: rest })).toEqual([
      'customer.postalCode:requiredForNL',
      'customer.phone:isDefined',
    ]);
  });

  it('rejects a missing customer and a non-object body', () => {
    expect(rules({ domain: 'example.nl' })).toEqual(['customer:isObject']);
    expect(rules('x')).toEqual(['body:isObject']);
  });
});
