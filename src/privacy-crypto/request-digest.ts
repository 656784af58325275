import { createHmac, hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { MASTER_KEY } from './subject-keys.service';

/**
 * A keyed digest of a request body, for idempotency ("same key, same body?"). Keyed (HMAC under a
 * key derived from the master key) because the body holds personal data: a plain hash of a profile
 * could be confirmed by anyone guessing it.
 */
@Injectable()
export class RequestDigester {
  private readonly key: Buffer;

  constructor(@Inject(MASTER_KEY) masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'handoff:request-digest:v1', 32));
  }

  digest(body: unknown): string {
    return createHmac('sha256', this.key).update(canonical(body), 'utf8').digest('hex');
  }
}

/** JSON with object keys sorted at every level, so key order does not change the digest. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
