import { addPeriod, domainNameProblem, superordinateDomain } from './domain-rules';

describe('.nl domain name rules (DRS5 manual §2.2)', () => {
  it.each([
    ['voorbeeld.nl', undefined],
    ['a1.nl', undefined],
    ['a-b.nl', undefined],
    ['a'.repeat(63) + '.nl', undefined],
    ['a.nl', 2005],
    ['a'.repeat(64) + '.nl', 2005],
    ['-ab.nl', 2005],
    ['ab-.nl', 2005],
    ['a_b.nl', 2005],
    ['xn--caf-dma.nl', 2306],
    ['café.nl', 2306],
    ['www.voorbeeld.nl', 2306],
    ['voorbeeld.be', 2306],
  ])('%s -> %s', (name, code) => {
    expect(domainNameProblem(name)?.code).toBe(code);
  });

  it('finds the superordinate .nl domain of an in-zone host', () => {
    expect(superordinateDomain('ns1.voorbeeld.nl')).toBe('voorbeeld.nl');
    expect(superordinateDomain('a.b.voorbeeld.nl')).toBe('voorbeeld.nl');
    expect(superordinateDomain('ns1.example.com')).toBeUndefined();
  });

  it('adds periods in years and months', () => {
    const t = new Date('2026-01-31T00:00:00Z');
    expect(addPeriod(t, { value: 1, unit: 'y' }).toISOString()).toBe('2027-01-31T00:00:00.000Z');
    expect(addPeriod(t, { value: 24, unit: 'm' }).toISOString()).toBe('2028-01-31T00:00:00.000Z');
  });
});
