import fc from 'fast-check';
import { canonicalJson, isCanonicalJson, JsonValue } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace (RFC 8785 §3.2.3)', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[true,null]},"b":1}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    expect(canonicalJson({ '\u00e9': 1, z: 2, '\ud83d\ude00': 3, Z: 4 })).toBe(
      '{"Z":4,"z":2,"\u00e9":1,"\ud83d\ude00":3}',
    );
  });

  it('omits undefined members and refuses non-integers', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
    expect(() => canonicalJson({ n: 1.5 })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });

  it('is stable under key reordering and round-trips through JSON.parse', () => {
    const jsonArb = fc.jsonValue().filter((v) => {
      try {
        canonicalJson(v as JsonValue);
        return true;
      } catch {
        return false;
      }
    });
    fc.assert(
      fc.property(jsonArb, (v) => {
        const text = canonicalJson(v as JsonValue);
        return isCanonicalJson(text) && canonicalJson(JSON.parse(text) as JsonValue) === text;
      }),
    );
  });

  it('recognises non-canonical text', () => {
    expect(isCanonicalJson('{"b":1,"a":2}')).toBe(false);
    expect(isCanonicalJson('{"a": 2}')).toBe(false);
    expect(isCanonicalJson('{"a":2}')).toBe(true);
  });
});
