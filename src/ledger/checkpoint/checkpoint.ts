import { decodeStrictBase64, NoteError, NoteSigner, NoteVerifier, openNote, signNote } from './signed-note';

/**
 * The C2SP tlog-checkpoint body (https://c2sp.org/tlog-checkpoint): origin line, decimal tree size,
 * base64 root hash, each ending in '\n'. Handoff writes no extension lines; parsing keeps any it finds.
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  extensions?: string[];
}

export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin.length === 0 || /[\n]/.test(cp.origin)) throw new NoteError('invalid checkpoint origin');
  if (!Number.isSafeInteger(cp.treeSize) || cp.treeSize < 0)
    throw new NoteError('invalid checkpoint tree size');
  if (cp.rootHash.length !== 32) throw new NoteError('checkpoint root hash must be 32 bytes');
  const ext = (cp.extensions ?? []).map((l) => `${l}\n`).join('');
  return `${cp.origin}\n${cp.treeSize}\n${cp.rootHash.toString('base64')}\n${ext}`;
}

export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw new NoteError('checkpoint must end with a newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('checkpoint needs origin, tree size and root hash');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin.length === 0) throw new NoteError('checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new NoteError('checkpoint tree size is not a decimal number');
  }
  const rootHash = decodeStrictBase64(rootText);
  if (!rootHash || rootHash.length !== 32)
    throw new NoteError('checkpoint root hash is not 32 bytes of base64');
  if (extensions.some((l) => l.length === 0)) throw new NoteError('empty checkpoint extension line');
  return { origin, treeSize: Number(sizeText), rootHash, ...(extensions.length ? { extensions } : {}) };
}

/** Formats and signs a checkpoint as a signed note. */
export function signCheckpoint(cp: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(cp), [signer]);
}

/**
 * Verifies a signed checkpoint with the given verifier(s) and, when given, checks the origin line.
 * Throws NoteError when the note or its signature is not valid.
 */
export function openCheckpoint(
  note: string,
  verifiers: readonly NoteVerifier[],
  expectedOrigin?: string,
): Checkpoint {
  const { text } = openNote(note, verifiers);
  const cp = parseCheckpoint(text);
  if (expectedOrigin !== undefined && cp.origin !== expectedOrigin) {
    throw new NoteError('checkpoint origin does not match');
  }
  return cp;
}
