import { createHmac, randomBytes } from 'node:crypto';
import { commitField } from './commitment';

describe('commitField', () => {
  const key = randomBytes(32);

  it('is HMAC-SHA-256 under the subject key of field, NUL, value (RFC 2104)', () => {
    const expected = createHmac('sha256', key)
      .update(Buffer.from('email\u0000a@example.nl', 'utf8'))
      .digest('hex');
    expect(commitField(key, 'email', 'a@example.nl')).toBe(expected);
  });

  it('binds the field name: the same value under another field commits differently', () => {
    expect(commitField(key, 'city', 'Arnhem')).not.toBe(commitField(key, 'street', 'Arnhem'));
  });

  it('separates field and value so "ab"+"c" and "a"+"bc" differ', () => {
    expect(commitField(key, 'ab', 'c')).not.toBe(commitField(key, 'a', 'bc'));
  });

  it('depends on the subject key', () => {
    expect(commitField(randomBytes(32), 'city', 'Arnhem')).not.toBe(commitField(key, 'city', 'Arnhem'));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => commitField(randomBytes(16), 'city', 'Arnhem')).toThrow(RangeError);
  });
});
