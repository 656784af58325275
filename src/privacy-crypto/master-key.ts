import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

export const MASTER_KEY_BYTES = 32;

/**
 * The master key that wraps every per-subject key. Production passes it as MASTER_KEY (base64 of 32
 * bytes); in development, without MASTER_KEY, one is generated once under DATA_DIR (mode 0600) so a
 * restart can still read what it stored. The key itself is never logged.
 */
export function resolveMasterKey(env: { MASTER_KEY?: string; DATA_DIR: string }): Buffer {
  if (env.MASTER_KEY) return checkLength(Buffer.from(env.MASTER_KEY, 'base64'), 'MASTER_KEY');
  const file = path.join(env.DATA_DIR, 'master.key');
  if (existsSync(file)) return checkLength(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), file);
  mkdirSync(env.DATA_DIR, { recursive: true });
  const key = randomBytes(MASTER_KEY_BYTES);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

function checkLength(key: Buffer, source: string): Buffer {
  if (key.length !== MASTER_KEY_BYTES) {
    throw new MasterKeyError(`${source}: must be ${MASTER_KEY_BYTES} bytes (base64), got ${key.length}`);
  }
  return key;
}
