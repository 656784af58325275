import { EppFault } from '../sandbox-error';
import { checkContactId, checkPhone, checkPostalInfo, checkVoice } from './contact-rules';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof EppFault) return e.code;
    throw e;
  }
}

const address = (
  over: Partial<{ street: string[]; pc: string; cc: string; city: string; name: string }> = {},
) => [
  {
    type: 'loc' as const,
    name: over.name ?? 'Jan',
    addr: {
      street: over.street ?? ['Dorpsstraat 1'],
      city: over.city ?? 'Arnhem',
      pc: over.pc,
      cc: over.cc ?? 'NL',
    },
  },
];

describe('contact rules (.nl, DRS5 manual §6.2.2)', () => {
  it.each([
    ['+31.612345678', undefined],
    ['+31.201234567', undefined],
    ['+31.800123', undefined],
    ['+31.0612345678', 2005],
    ['+31.6123456', 2005],
    ['+32.21234567', undefined],
    ['0612345678', 2005],
    ['+31 612345678', 2005],
  ])('phone %s -> %s', (number, code) => {
    expect(codeOf(() => checkPhone({ number }, 'voice'))).toBe(code);
  });

  it('requires voice', () => {
    expect(codeOf(() => checkVoice(undefined))).toBe(2003);
  });

  it.each([
    ['1234AB', undefined],
    ['1234 AB', 2005],
    ['1234ab', 2005],
    ['123AB', 2005],
    [undefined, 2003],
  ])('NL postal code %s -> %s', (pc, code) => {
    expect(codeOf(() => checkPostalInfo(address({ pc })))).toBe(code);
  });

  it('needs no postal code abroad, one to three streets, a name and a city', () => {
    expect(codeOf(() => checkPostalInfo(address({ cc: 'BE' })))).toBeUndefined();
    expect(codeOf(() => checkPostalInfo(address({ pc: '1234AB', street: [] })))).toBe(2003);
    expect(codeOf(() => checkPostalInfo(address({ pc: '1234AB', street: ['a', 'b', 'c', 'd'] })))).toBe(2003);
    expect(codeOf(() => checkPostalInfo(address({ pc: '1234AB', name: ' ' })))).toBe(2003);
    expect(codeOf(() => checkPostalInfo(address({ pc: '1234AB', city: '' })))).toBe(2003);
    expect(codeOf(() => checkPostalInfo([...address({ pc: '1234AB' }), ...address({ pc: '1234AB' })]))).toBe(
      2306,
    );
  });

  it.each([
    ['abc', undefined],
    ['a'.repeat(16), undefined],
    ['ab', 2005],
    ['a'.repeat(17), 2005],
    ['-abc', 2005],
    ['jan jansen', 2005],
  ])('contact id %s -> %s', (id, code) => {
    expect(codeOf(() => checkContactId(id))).toBe(code);
  });
});
