import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed notes (https://c2sp.org/signed-note), Ed25519 only, wire-compatible with
 * golang.org/x/mod/sumdb/note: a note is UTF-8 text ending in a newline, then a blank line, then one
 * or more lines `— <key name> <base64(4-byte key hash || signature)>`. The key hash is the first four
 * bytes of SHA-256(key name || 0x0A || 0x01 || 32-byte public key); 0x01 is the Ed25519 algorithm id.
 * Verifier keys are written `<name>+<hex key hash>+<base64(0x01 || public key)>`.
 */

export const ED25519_ALG = 0x01;
const SIG_PREFIX = '\u2014 '; // em dash U+2014, then a space
const MAX_SIGNATURES = 100;

export class NoteError extends Error {
  override readonly name = 'NoteError';
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyHash: number;
  verify(message: Buffer, signature: Buffer): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyHash: number;
  sign(message: Buffer): Buffer;
}

/** A key name: non-empty, no Unicode whitespace, no '+'. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && isWellFormedUtf16(name);
}

function isWellFormedUtf16(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** First four bytes (big-endian uint32) of SHA-256(name || '\n' || alg || key). */
export function noteKeyHash(name: string, algAndKey: Buffer): number {
  const digest = createHash('sha256')
    .update(Buffer.from(name + '\n', 'utf8'))
    .update(algAndKey)
    .digest();
  return digest.readUInt32BE(0);
}

/** The raw 32-byte Ed25519 public key of a key object (the last 32 bytes of its SPKI DER). */
export function rawEd25519PublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  if (pub.asymmetricKeyType !== 'ed25519') throw new NoteError('not an Ed25519 key');
  const der = pub.export({ type: 'spki', format: 'der' });
  return Buffer.from(der.subarray(der.length - 32));
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Ed25519 private key object from a 32-byte seed. */
export function ed25519PrivateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new NoteError('Ed25519 seed must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function ed25519PublicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** A signer for a named Ed25519 key, with its verifier key string. */
export class Ed25519NoteSigner implements NoteSigner {
  readonly keyHash: number;
  readonly publicKey: Buffer;

  constructor(
    readonly name: string,
    private readonly privateKey: KeyObject,
  ) {
    if (!isValidKeyName(name)) throw new NoteError('invalid key name');
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
      throw new NoteError('signing key must be an Ed25519 private key');
    }
    this.publicKey = rawEd25519PublicKey(privateKey);
    this.keyHash = noteKeyHash(name, Buffer.concat([Buffer.of(ED25519_ALG), this.publicKey]));
  }

  sign(message: Buffer): Buffer {
    return sign(null, message, this.privateKey);
  }

  /** `<name>+<hex key hash>+<base64(0x01 || public key)>`, as golang.org/x/mod/sumdb/note prints it. */
  verifierKey(): string {
    const hash = this.keyHash.toString(16).padStart(8, '0');
    return `${this.name}+${hash}+${Buffer.concat([Buffer.of(ED25519_ALG), this.publicKey]).toString('base64')}`;
  }

  verifier(): NoteVerifier {
    return parseVerifierKey(this.verifierKey());
  }
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeStrictBase64(s: string): Buffer | undefined {
  if (!STRICT_BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

/** Parses `<name>+<hex8>+<base64(0x01 || key)>`; refuses a key hash that does not match. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  // The base64 key may itself contain '+': split off only the first two fields.
  const m = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(vkey);
  if (!m) throw new NoteError('malformed verifier key');
  const [, name, hashHex, keyB64] = m;
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/.test(hashHex)) throw new NoteError('malformed verifier key');
  const algAndKey = decodeStrictBase64(keyB64);
  if (!algAndKey || algAndKey.length !== 33 || algAndKey[0] !== ED25519_ALG) {
    throw new NoteError('verifier key is not an Ed25519 key');
  }
  const keyHash = parseInt(hashHex, 16);
  if (noteKeyHash(name, algAndKey) !== keyHash)
    throw new NoteError('verifier key hash does not match its key');
  const publicKey = ed25519PublicKeyFromRaw(algAndKey.subarray(1));
  return {
    name,
    keyHash,
    verify: (message, signature) => signature.length === 64 && verify(null, message, publicKey, signature),
  };
}

/** Note text: non-empty, ends in '\n', no control characters other than '\n' (C2SP signed-note). */
function assertValidText(text: string): void {
  if (text.length === 0 || !text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  const hasControl = [...text].some(
    (c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
  );
  if (hasControl || !isWellFormedUtf16(text)) {
    throw new NoteError('note text contains a control character or invalid UTF-8');
  }
}

/** Signs `text` and returns the complete signed note (text, blank line, signature lines). */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertValidText(text);
  if (signers.length === 0) throw new NoteError('no signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => {
    if (!isValidKeyName(s.name)) throw new NoteError('invalid key name');
    const hash = Buffer.alloc(4);
    hash.writeUInt32BE(s.keyHash >>> 0);
    return `${SIG_PREFIX}${s.name} ${Buffer.concat([hash, s.sign(message)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

export interface NoteSignature {
  name: string;
  keyHash: number;
  signature: Buffer;
}

/** Splits a signed note into its text and signature lines without verifying anything. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  assertValidText(text);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new NoteError('malformed note: signatures must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('too many signatures');
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('malformed signature line');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.lastIndexOf(' ');
    const name = rest.slice(0, space);
    const raw = decodeStrictBase64(rest.slice(space + 1));
    if (space <= 0 || !isValidKeyName(name) || !raw || raw.length < 5)
      throw new NoteError('malformed signature line');
    return { name, keyHash: raw.readUInt32BE(0), signature: Buffer.from(raw.subarray(4)) };
  });
  return { text, signatures };
}

/**
 * Opens a signed note: returns its text when at least one signature is by a known verifier and
 * verifies; a signature by a known key that does not verify is an error. Signatures by unknown keys
 * are ignored, as golang.org/x/mod/sumdb/note does.
 */
export function openNote(
  note: string,
  verifiers: readonly NoteVerifier[],
): { text: string; verifiedBy: string[] } {
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verifiedBy: string[] = [];
  for (const sig of signatures) {
    const v = verifiers.find((k) => k.name === sig.name && k.keyHash === sig.keyHash);
    if (!v) continue;
    if (!v.verify(message, sig.signature)) throw new NoteError(`invalid signature by key ${v.name}`);
    verifiedBy.push(v.name);
  }
  if (verifiedBy.length === 0) throw new NoteError('no signature by a known key');
  return { text, verifiedBy };
}
