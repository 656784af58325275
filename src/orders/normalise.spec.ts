import {
  countryCode,
  email,
  hostName,
  kvkNumber,
  nlDomain,
  phone,
  postalCode,
  streetLines,
  text,
} from './normalise';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);
const rule = (r: { ok: true } | { ok: false; rule: string }) => (r.ok ? undefined : r.rule);

describe('normalise', () => {
  describe(phone.name, () => {
    it.each([
      ['+31 6 1234 5678', 'NL', '+31.612345678'],
      ['06-12345678', 'NL', '+31.612345678'],
      ['0031 (0)6 12345678', 'NL', '+31.612345678'],
      ['+31.612345678', 'DE', '+31.612345678'],
      ['020 123 4567', 'NL', '+31.201234567'],
      ['+49 30 1234567', 'DE', '+49.301234567'],
      ['+1 212 555 0100', 'US', '+1.2125550100'],
      ['+352 26 12 34', 'LU', '+352.261234'],
      ['0900 1234567', 'NL', '+31.9001234567'],
    ])('normalises %s to EPP form (RFC 5733 §2.5, SIDN format)', (input, cc, expected) => {
      expect(value(phone(input, cc))).toBe(expected);
    });
    it.each([
      ['+31 6 1234 567', 'isDutchPhoneNumber'],
      ['612345678', 'isInternationalPhoneNumber'],
      ['+31 6 1234 5678 ext. 3', 'isPhoneNumber'],
      ['<phone>', 'isPhoneNumber'],
      ['+0.12345', 'isPhoneNumber'],
      ['+352.12345678901234', 'isPhoneNumber'], // 17 digits: over E.164's 15, which the encoder refuses
    ])('rejects %s with rule %s', (input, expected) => {
      expect(rule(phone(input, 'DE'))).toBe(expected);
    });
  });

  describe(postalCode.name, () => {
    it('writes a Dutch postal code as 1234AB (SIDN: [0-9]{4}[A-Z]{2})', () => {
      expect(value(postalCode('1234 ab', 'NL'))).toBe('1234AB');
      expect(value(postalCode(' 1234-AB ', 'NL'))).toBe('1234AB');
    });
    it('rejects a malformed Dutch postal code', () => {
      expect(rule(postalCode('123AB', 'NL'))).toBe('isDutchPostalCode');
      expect(rule(postalCode('0123AB', 'NL'))).toBe('isDutchPostalCode');
    });
    it('keeps a foreign postal code as given', () => {
      expect(value(postalCode('SW1A 1AA', 'GB'))).toBe('SW1A 1AA');
    });
  });

  describe(nlDomain.name, () => {
    it('lower-cases and drops the trailing dot', () => {
      expect(value(nlDomain('Example.NL.'))).toEqual({ ace: 'example.nl', unicode: 'example.nl' });
    });
    it('turns an IDN into its A-label and keeps the U-label', () => {
      expect(value(nlDomain('Café.nl'))).toEqual({ ace: 'xn--caf-dma.nl', unicode: 'café.nl' });
    });
    it.each([
      ['example.com', 'isNlSecondLevel'],
      ['www.example.nl', 'isNlSecondLevel'],
      ['a.nl', 'nlLabel'],
      ['-ab.nl', 'nlLabel'],
      ['ab--cd.nl', 'nlLabel'],
      ['ex ample.nl', 'isDomainName'],
      ['exa<mple.nl', 'isDomainName'],
    ])('rejects %s (%s)', (input, expected) => {
      expect(rule(nlDomain(input))).toBe(expected);
    });
  });

  it('lower-cases host names and rejects bad ones', () => {
    expect(value(hostName('NS1.Example.NET.'))).toBe('ns1.example.net');
    expect(rule(hostName('ns1'))).toBe('isHostName');
    expect(rule(hostName('ns_1.example.net'))).toBe('isHostName');
  });

  it('checks ISO 3166 country codes', () => {
    expect(value(countryCode('nl'))).toBe('NL');
    expect(rule(countryCode('XX'))).toBe('isISO31661Alpha2');
    expect(rule(countryCode('NLD'))).toBe('maxLength');
  });

  it('lower-cases the e-mail domain and keeps the local part', () => {
    expect(value(email('Jan.Jansen@Example.NL'))).toBe('Jan.Jansen@example.nl');
    expect(value(email('jan@bücher.de'))).toBe('jan@xn--bcher-kva.de');
    expect(rule(email('jan@'))).toBe('isEmail');
    expect(rule(email('a b@example.nl'))).toBe('isEmail');
    expect(rule(email('"]]>"@example.nl'))).toBe('isEmail');
  });

  it('collapses spaces but refuses control characters and over-long text', () => {
    expect(value(text('  Jan   Jansen '))).toBe('Jan Jansen');
    expect(rule(text('Jan\nJansen'))).toBe('noControlCharacters');
    expect(rule(text('x'.repeat(256)))).toBe('maxLength');
    expect(rule(text('   '))).toBe('isNotEmpty');
    expect(rule(text('\uD800x'))).toBe('wellFormedUnicode');
  });

  it('takes street lines as string or list, 1-3, no PO box first (SIDN)', () => {
    expect(value(streetLines('Dorpsstraat 1'))).toEqual(['Dorpsstraat 1']);
    expect(rule(streetLines([]))).toBe('streetLines');
    expect(rule(streetLines(['a', 'b', 'c', 'd']))).toBe('streetLines');
    expect(rule(streetLines(['Postbus 12']))).toBe('noPostOfficeBox');
  });

  it('accepts an 8-digit KvK number', () => {
    expect(value(kvkNumber('1234 5678'))).toBe('12345678');
    expect(rule(kvkNumber('1234567'))).toBe('isKvkNumber');
  });
});
