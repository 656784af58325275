import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SCOPES, Scope } from './scopes';

/**
 * API clients and their scopes, from `config/api-clients.yaml`. Only SHA-256 hashes of the bearer
 * tokens are configured (tokens are long random strings, so a fast hash suffices); a token is
 * compared in constant time.
 */
export interface ApiClient {
  readonly name: string;
  readonly tokenSha256: Buffer;
  readonly scopes: ReadonlySet<Scope>;
}

export class ApiClientsError extends Error {
  override readonly name = 'ApiClientsError';
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function parseApiClients(text: string, source = 'api clients'): ApiClient[] {
  const doc = parse(text) as { clients?: unknown };
  if (!doc || !Array.isArray(doc.clients)) throw new ApiClientsError(`${source}: expected a "clients" list`);
  return doc.clients.map((raw: unknown, i: number) => {
    const c = raw as { name?: unknown; tokenSha256?: unknown; scopes?: unknown };
    const where = `${source}: clients[${i}]`;
    if (typeof c.name !== 'string' || !c.name) throw new ApiClientsError(`${where}.name: required`);
    if (typeof c.tokenSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(c.tokenSha256)) {
      throw new ApiClientsError(`${where}.tokenSha256: must be 64 lower-case hex characters`);
    }
    if (!Array.isArray(c.scopes)) throw new ApiClientsError(`${where}.scopes: must be a list`);
    for (const s of c.scopes) {
      if (!SCOPES.includes(s as Scope))
        throw new ApiClientsError(`${where}.scopes: unknown scope "${String(s)}"`);
    }
    return {
      name: c.name,
      tokenSha256: Buffer.from(c.tokenSha256, 'hex'),
      scopes: new Set(c.scopes as Scope[]),
    };
  });
}

export function loadApiClients(file: string): ApiClient[] {
  return parseApiClients(readFileSync(file, 'utf8'), file);
}

export function authenticate(clients: readonly ApiClient[], token: string): ApiClient | undefined {
  const digest = createHash('sha256').update(token, 'utf8').digest();
  return clients.find((c) => timingSafeEqual(c.tokenSha256, digest));
}
