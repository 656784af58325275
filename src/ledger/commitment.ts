import { createHmac } from 'node:crypto';

export const SUBJECT_KEY_BYTES = 32;

/**
 * The commitment to one disclosed field value: hex(HMAC-SHA-256(subjectKey, field || 0x00 || value)).
 * Whoever holds the subject's key and the value can recompute it; nobody else can test guesses
 * against it, and destroying the key (erasure) leaves it unlinkable. The value itself is never stored.
 */
export function commitField(subjectKey: Buffer, field: string, value: string): string {
  if (subjectKey.length !== SUBJECT_KEY_BYTES) throw new RangeError('subject key must be 32 bytes');
  return createHmac('sha256', subjectKey).update(`${field}\0${value}`, 'utf8').digest('hex');
}
