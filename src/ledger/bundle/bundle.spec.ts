import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { signCheckpoint } from '../checkpoint/checkpoint';
import { Ed25519NoteSigner } from '../checkpoint/signed-note';
import { hashLeaf, rootFromLeafHashes } from '../merkle/merkle';
import { buildBundle, LedgerBundle, verifyBundle } from './bundle';

const ORIGIN = 'handoff.test/ledger';
const signer = new Ed25519NoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
const texts = Array.from({ length: 11 }, (_, i) =>
  canonicalJson({ v: 1, kind: 'incident', n: i, subjectId: `s${i % 3}` }),
);
const leaves = texts.map((t) => hashLeaf(Buffer.from(t, 'utf8')));

function bundleFor(indexes: number[], treeSize = texts.length): LedgerBundle {
  const checkpoint = signCheckpoint(
    { origin: ORIGIN, treeSize, rootHash: rootFromLeafHashes(leaves, treeSize) },
    signer,
  );
  return buildBundle({
    origin: ORIGIN,
    verifierKey: signer.verifierKey(),
    checkpoint,
    treeSize,
    leafHashes: leaves,
    entries: indexes.map((i) => ({ leafIndex: i, entry: texts[i] })),
  });
}

describe('verifyBundle', () => {
  it('verifies every entry of a bundle against its signed checkpoint (RFC 9162 §2.1.3.2, C2SP signed-note)', () => {
    const result = verifyBundle(JSON.parse(JSON.stringify(bundleFor([0, 4, 10]))));
    expect(result).toMatchObject({ ok: true, treeSize: 11, entries: 3, verifiedEntries: 3, errors: [] });
  });

  it('names the entry whose text was changed', () => {
    const b = bundleFor([1, 5]);
    b.entries[1].entry = b.entries[1].entry.replace('"s2"', '"s9"');
    const result = verifyBundle(b);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([expect.stringContaining('leaf 5:')]);
    expect(result.verifiedEntries).toBe(1);
  });

  it('fails when a proof hash is altered or the leaf index is moved', () => {
    const b = bundleFor([6]);
    const first = b.entries[0].inclusionProof[0];
    b.entries[0].inclusionProof[0] = (first[0] === '0' ? '1' : '0') + first.slice(1);
    expect(verifyBundle(b).ok).toBe(false);
    const moved = bundleFor([6]);
    moved.entries[0].leafIndex = 7;
    expect(verifyBundle(moved).ok).toBe(false);
  });

  it('fails when the checkpoint was changed after signing', () => {
    const b = bundleFor([2]);
    b.checkpoint = b.checkpoint.replace(`\n${texts.length}\n`, `\n${texts.length - 1}\n`);
    expect(verifyBundle(b).errors[0]).toMatch(/^checkpoint:/);
  });

  it('fails when re-signed with another key than the trusted one', () => {
    const other = new Ed25519NoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
    const b = bundleFor([2]);
    const forged: LedgerBundle = {
      ...b,
      verifierKey: other.verifierKey(),
      checkpoint: signCheckpoint(
        { origin: ORIGIN, treeSize: 11, rootHash: rootFromLeafHashes(leaves) },
        other,
      ),
    };
    expect(verifyBundle(forged).ok).toBe(true);
    expect(verifyBundle(forged, { trustedVerifierKey: signer.verifierKey() }).ok).toBe(false);
    expect(verifyBundle(b, { trustedVerifierKey: signer.verifierKey() }).ok).toBe(true);
  });

  it('refuses input that is not a bundle', () => {
    expect(verifyBundle([]).ok).toBe(false);
    expect(verifyBundle({ format: 'x' }).errors).toContain('format is not handoff-ledger-bundle/v1');
  });
});
