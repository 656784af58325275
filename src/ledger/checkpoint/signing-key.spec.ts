import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_KEY_FILE, loadLedgerSigner, parseSigningKey } from './signing-key';
import { Ed25519NoteSigner, ed25519PrivateKeyFromSeed, rawEd25519PublicKey } from './signed-note';

describe('ledger signing key', () => {
  it('reads a PKCS#8 PEM, a base64 seed and a Go note private key to the same key', () => {
    const seed = randomBytes(32);
    const key = ed25519PrivateKeyFromSeed(seed);
    const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signer = new Ed25519NoteSigner('k', key);
    const goKey = `PRIVATE+KEY+k+${signer.keyHash.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.of(1), seed]).toString('base64')}`;
    const expected = rawEd25519PublicKey(key);
    for (const text of [pem, seed.toString('base64'), goKey]) {
      expect(rawEd25519PublicKey(parseSigningKey(text)).equals(expected)).toBe(true);
    }
  });

  it('refuses a non-Ed25519 key without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => parseSigningKey(rsa)).toThrow('must be an Ed25519 key');
    expect(() => parseSigningKey('c2VjcmV0')).toThrow(/^(?!.*c2VjcmV0).*$/);
  });

  it('generates a development key once, keeps it private, and warns', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ledger-key-'));
    const warnings: string[] = [];
    const first = loadLedgerSigner({ origin: 'o', dataDir, production: false }, (m) => warnings.push(m));
    const file = path.join(dataDir, DEV_KEY_FILE);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(warnings).toHaveLength(1);
    const second = loadLedgerSigner({ origin: 'o', dataDir, production: false }, (m) => warnings.push(m));
    expect(second.verifierKey()).toBe(first.verifierKey());
    expect(warnings).toHaveLength(1);
  });

  it('refuses to start without a key in production', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ledger-key-'));
    expect(() => loadLedgerSigner({ origin: 'o', dataDir, production: true }, () => undefined)).toThrow(
      'required in production',
    );
  });
});
