import { isCanonicalJson } from '../canonical-json';
import { openCheckpoint } from '../checkpoint/checkpoint';
import { NoteVerifier, parseVerifierKey } from '../checkpoint/signed-note';
import { hashLeaf, inclusionProof, verifyInclusion } from '../merkle/merkle';

/**
 * The proof bundle an auditor takes away: entries as stored (the exact text that was hashed), a
 * signed checkpoint, an inclusion proof for each entry against that checkpoint, and the verifier
 * key. `verifyBundle` needs nothing else — no database, no network, no clock — and the procedure
 * it follows is written out in docs/ledger.md so it can be redone with other tools.
 */
export const BUNDLE_FORMAT = 'handoff-ledger-bundle/v1';

export interface BundleEntry {
  leafIndex: number;
  /** The canonical entry text; its leaf hash is SHA-256(0x00 || UTF-8 bytes). */
  entry: string;
  /** RFC 9162 §2.1.3 inclusion path, bottom-up, hex. */
  inclusionProof: string[];
}

export interface LedgerBundle {
  format: typeof BUNDLE_FORMAT;
  origin: string;
  /** golang.org/x/mod/sumdb/note verifier key: `<name>+<hex key hash>+<base64(0x01 || key)>`. */
  verifierKey: string;
  /** C2SP tlog-checkpoint signed as a C2SP signed note. */
  checkpoint: string;
  entries: BundleEntry[];
}

export interface BundleVerification {
  ok: boolean;
  treeSize?: number;
  /** Hex root hash of the verified checkpoint. */
  rootHash?: string;
  entries: number;
  verifiedEntries: number;
  /** Each problem found, naming the entry by leaf index; empty when ok. */
  errors: string[];
}

export interface VerifyBundleOptions {
  /**
   * The verifier key the auditor obtained independently (published, or from an earlier audit). When
   * given, the bundle's own key must equal it; otherwise the bundle only proves self-consistency.
   */
  trustedVerifierKey?: string;
}

const HEX32 = /^[0-9a-f]{64}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shapeErrors(b: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (b.format !== BUNDLE_FORMAT) errors.push(`format is not ${BUNDLE_FORMAT}`);
  for (const k of ['origin', 'verifierKey', 'checkpoint'])
    if (typeof b[k] !== 'string') errors.push(`${k} is missing`);
  if (!Array.isArray(b.entries)) errors.push('entries is missing');
  return errors;
}

/**
 * Assembles a bundle: for each entry its inclusion proof in the tree of the checkpoint's size, built
 * from `leafHashes` (the ledger's leaf hashes, at least `treeSize` of them).
 */
export function buildBundle(args: {
  origin: string;
  verifierKey: string;
  checkpoint: string;
  treeSize: number;
  leafHashes: readonly Buffer[];
  entries: readonly { leafIndex: number; entry: string }[];
}): LedgerBundle {
  return {
    format: BUNDLE_FORMAT,
    origin: args.origin,
    verifierKey: args.verifierKey,
    checkpoint: args.checkpoint,
    entries: args.entries.map((e) => ({
      leafIndex: e.leafIndex,
      entry: e.entry,
      inclusionProof: inclusionProof(args.leafHashes, e.leafIndex, args.treeSize).map((h) =>
        h.toString('hex'),
      ),
    })),
  };
}

export function verifyBundle(input: unknown, options: VerifyBundleOptions = {}): BundleVerification {
  if (!isRecord(input))
    return { ok: false, entries: 0, verifiedEntries: 0, errors: ['bundle is not a JSON object'] };
  const shape = shapeErrors(input);
  if (shape.length) return { ok: false, entries: 0, verifiedEntries: 0, errors: shape };
  const bundle = input as unknown as LedgerBundle;
  const entries: unknown[] = bundle.entries;
  const fail = (errors: string[]): BundleVerification => ({
    ok: false,
    entries: entries.length,
    verifiedEntries: 0,
    errors,
  });

  if (options.trustedVerifierKey !== undefined && options.trustedVerifierKey !== bundle.verifierKey) {
    return fail(['the bundle is signed for a different key than the trusted verifier key']);
  }
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(bundle.verifierKey);
  } catch (e) {
    return fail([`verifier key: ${e instanceof Error ? e.message : 'unreadable'}`]);
  }
  let treeSize: number;
  let root: Buffer;
  try {
    const cp = openCheckpoint(bundle.checkpoint, [verifier], bundle.origin);
    treeSize = cp.treeSize;
    root = cp.rootHash;
  } catch (e) {
    return fail([`checkpoint: ${e instanceof Error ? e.message : 'unreadable'}`]);
  }

  const errors: string[] = [];
  let verified = 0;
  entries.forEach((raw, position) => {
    if (
      !isRecord(raw) ||
      typeof raw.entry !== 'string' ||
      !Number.isSafeInteger(raw.leafIndex) ||
      !Array.isArray(raw.inclusionProof) ||
      !raw.inclusionProof.every((p) => typeof p === 'string' && HEX32.test(p))
    ) {
      errors.push(`entry #${position}: malformed`);
      return;
    }
    const e = raw as unknown as BundleEntry;
    if (!isCanonicalJson(e.entry)) {
      errors.push(`leaf ${e.leafIndex}: entry text is not canonical JSON`);
      return;
    }
    const leaf = hashLeaf(Buffer.from(e.entry, 'utf8'));
    const proof = e.inclusionProof.map((p) => Buffer.from(p, 'hex'));
    if (!verifyInclusion(leaf, e.leafIndex, treeSize, proof, root)) {
      errors.push(
        `leaf ${e.leafIndex}: inclusion proof does not lead to the checkpoint root (RFC 9162 §2.1.3.2)`,
      );
      return;
    }
    verified++;
  });
  return {
    ok: errors.length === 0,
    treeSize,
    rootHash: root.toString('hex'),
    entries: entries.length,
    verifiedEntries: verified,
    errors,
  };
}
