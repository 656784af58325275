import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { signCheckpoint } from './checkpoint/checkpoint';
import { Ed25519NoteSigner } from './checkpoint/signed-note';
import { DeletionReceiptEntry, entryColumns, serializeEntry } from './ledger-entry';
import { LedgerVerifier, StoredCheckpoint, StoredEntry } from './ledger-verification';
import { hashLeaf, rootFromLeafHashes } from './merkle/merkle';

const ORIGIN = 'handoff.unit/ledger';
const signer = new Ed25519NoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);

function entries(n: number): StoredEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const body: DeletionReceiptEntry = {
      v: 1,
      kind: 'deletion-receipt',
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      recipient: 'sidn',
      subjectId: `s${i}`,
      channel: 'epp:contact:delete',
      what: 'contact',
      resultCode: 1000,
    };
    const text = serializeEntry(body);
    return {
      ...entryColumns(body),
      seq: String(i + 1),
      leafIndex: i,
      entry: text,
      leafHash: hashLeaf(Buffer.from(text)),
    };
  });
}

function checkpointAt(rows: StoredEntry[], size: number, id = String(size)): StoredCheckpoint {
  const rootHash = rootFromLeafHashes(
    rows.map((r) => r.leafHash),
    size,
  );
  return {
    id,
    treeSize: size,
    rootHash,
    note: signCheckpoint({ origin: ORIGIN, treeSize: size, rootHash }, signer),
  };
}

function verify(rows: StoredEntry[], cps: StoredCheckpoint[]) {
  const v = new LedgerVerifier(
    [signer.verifier()],
    ORIGIN,
    cps.map((c) => c.treeSize),
  );
  rows.forEach((r) => v.addEntry(r));
  cps.forEach((c) => v.addCheckpoint(c));
  return v.result();
}

describe(LedgerVerifier.name, () => {
  it('accepts an intact ledger with checkpoints at any sizes, including 0', () => {
    const rows = entries(9);
    expect(verify(rows, [checkpointAt(rows, 0), checkpointAt(rows, 4), checkpointAt(rows, 9)])).toMatchObject(
      {
        ok: true,
        entries: 9,
        checkpoints: 3,
      },
    );
  });

  it('names the first edited entry, whichever it is and however it was edited', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 11 }), fc.constantFrom('text', 'column', 'hash'), (i, how) => {
        const rows = entries(12);
        const cps = [checkpointAt(rows, 12)];
        const r = rows[i];
        if (how === 'text') rows[i] = { ...r, entry: r.entry.replace('"contact"', '"domain"') };
        if (how === 'column') rows[i] = { ...r, subjectId: 'someone-else' };
        if (how === 'hash') rows[i] = { ...r, leafHash: hashLeaf(Buffer.from('x')) };
        const result = verify(rows, cps);
        return !result.ok && result.firstMismatch?.leafIndex === i && result.firstMismatch.seq === r.seq;
      }),
    );
  });

  it('places a consistent rewrite between the last good checkpoint and the first bad one', () => {
    const rows = entries(12);
    const cps = [checkpointAt(rows, 3, 'a'), checkpointAt(rows, 7, 'b'), checkpointAt(rows, 12, 'c')];
    const text = rows[5].entry.replace('"contact"', '"domain"');
    rows[5] = { ...rows[5], entry: text, leafHash: hashLeaf(Buffer.from(text)), kind: 'deletion-receipt' };
    const result = verify(rows, cps);
    expect(result.firstMismatch).toMatchObject({
      checkpointId: 'b',
      reason: expect.stringContaining('leaves 3..6'),
    });
  });

  it('rejects a checkpoint signed by another key or for another origin', () => {
    const rows = entries(3);
    const other = new Ed25519NoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
    const rootHash = rootFromLeafHashes(rows.map((r) => r.leafHash));
    const forged = {
      id: 'x',
      treeSize: 3,
      rootHash,
      note: signCheckpoint({ origin: ORIGIN, treeSize: 3, rootHash }, other),
    };
    expect(verify(rows, [forged]).firstMismatch?.reason).toContain('does not verify');
    const elsewhere = new Ed25519NoteSigner('elsewhere', generateKeyPairSync('ed25519').privateKey);
    const v = new LedgerVerifier([elsewhere.verifier()], ORIGIN, [3]);
    rows.forEach((r) => v.addEntry(r));
    v.addCheckpoint({
      id: 'y',
      treeSize: 3,
      rootHash,
      note: signCheckpoint({ origin: 'elsewhere', treeSize: 3, rootHash }, elsewhere),
    });
    expect(v.result().firstMismatch?.reason).toContain('origin');
  });

  it('rejects stored checkpoint columns that differ from the signed note', () => {
    const rows = entries(3);
    const cp = checkpointAt(rows, 3);
    expect(verify(rows, [{ ...cp, rootHash: Buffer.alloc(32) }]).firstMismatch?.reason).toContain(
      'differs from the signed note',
    );
  });
});
