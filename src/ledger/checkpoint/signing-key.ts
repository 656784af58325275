import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeStrictBase64, Ed25519NoteSigner, ed25519PrivateKeyFromSeed, NoteError } from './signed-note';

export const DEV_KEY_FILE = 'ledger-signing-key.pem';

/**
 * Reads an Ed25519 private key from configuration text: PKCS#8 PEM, a base64 32-byte seed, or a Go
 * note signer key 'PRIVATE+KEY+<name>+<hash>+<base64(0x01||seed)>'. Errors never echo the key.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    try {
      const key = createPrivateKey(trimmed);
      if (key.asymmetricKeyType !== 'ed25519')
        throw new NoteError('the ledger signing key must be an Ed25519 key');
      return key;
    } catch (e) {
      if (e instanceof NoteError) throw e;
      throw new NoteError('the ledger signing key is not a readable PKCS#8 PEM key');
    }
  }
  if (trimmed.startsWith('PRIVATE+KEY+')) {
    const m = /^PRIVATE\+KEY\+[^+]+\+[0-9a-f]{8}\+(.+)$/s.exec(trimmed);
    const raw = m ? decodeStrictBase64(m[1]) : undefined;
    if (!raw || raw.length !== 33 || raw[0] !== 0x01)
      throw new NoteError('the ledger signing key is not an Ed25519 note key');
    return ed25519PrivateKeyFromSeed(raw.subarray(1));
  }
  const seed = decodeStrictBase64(trimmed);
  if (!seed || seed.length !== 32)
    throw new NoteError('the ledger signing key must be PKCS#8 PEM or a base64 32-byte seed');
  return ed25519PrivateKeyFromSeed(seed);
}

export interface SigningKeySource {
  origin: string;
  signingKey?: string;
  dataDir: string;
  production: boolean;
}

/**
 * The checkpoint signer: the configured key, or in development a key generated once and kept under
 * `<dataDir>/ledger-signing-key.pem` (with a warning, since checkpoints signed by it only mean
 * something if the key is kept and its verifier key published).
 */
export function loadLedgerSigner(
  source: SigningKeySource,
  warn: (message: string) => void,
): Ed25519NoteSigner {
  if (source.signingKey) return new Ed25519NoteSigner(source.origin, parseSigningKey(source.signingKey));
  if (source.production) throw new NoteError('LEDGER_SIGNING_KEY is required in production');
  const file = path.resolve(source.dataDir, DEV_KEY_FILE);
  if (existsSync(file))
    return new Ed25519NoteSigner(source.origin, parseSigningKey(readFileSync(file, 'utf8')));
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(file, 0o600);
  const signer = new Ed25519NoteSigner(source.origin, privateKey);
  warn(
    `LEDGER_SIGNING_KEY is not set: generated a development checkpoint key in ${file} ` +
      `(verifier key ${signer.verifierKey()}); configure a real key outside development`,
  );
  return signer;
}
