import { openCheckpoint } from '../../src/ledger/checkpoint/checkpoint';
import { parseVerifierKey } from '../../src/ledger/checkpoint/signed-note';
import { verifyBundle } from '../../src/ledger/bundle/bundle';
import { LedgerErrorCode } from '../../src/ledger/ledger.error';
import { LedgerService } from '../../src/ledger/ledger.service';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../../src/ledger/merkle/merkle';
import { createLedgerFixture, LedgerFixture, ORIGIN, sidnIntent } from './ledger-fixture';

const hex = (h: string) => Buffer.from(h, 'hex');

function flipHex(h: string): string {
  return (h[0] === '0' ? '1' : '0') + h.slice(1);
}

describe(`${LedgerService.name} checkpoints, proofs and bundles (PostgreSQL)`, () => {
  let f: LedgerFixture;
  const subject = 'subj_alice';
  beforeAll(async () => {
    f = await createLedgerFixture('ledger_proofs');
    for (let i = 0; i < 7; i++) {
      const { entryId } = await f.service.recordIntent(
        sidnIntent({ subjectId: i % 3 === 0 ? subject : `subj_${i}` }),
      );
      await f.service.recordOutcome({
        intentEntryId: entryId,
        outcome: 'success',
        resultCode: 1000,
        svTRID: `SV-${i}`,
      });
    }
  });
  afterAll(async () => {
    await f.db.drop();
  });

  it('issues a C2SP checkpoint signed by the ledger key, and does not reissue when nothing changed', async () => {
    const cp = await f.service.issueCheckpoint();
    expect(cp.treeSize).toBe(14);
    const opened = openCheckpoint(cp.note, [parseVerifierKey(f.service.verifierKey())], ORIGIN);
    expect(opened.rootHash.toString('base64')).toBe(cp.rootHash);
    expect(cp.note).toMatch(new RegExp(`^${ORIGIN}\\n14\\n[A-Za-z0-9+/]{43}=\\n\\n\u2014 ${ORIGIN} `));
    const again = await f.service.issueCheckpoint();
    expect(again.note).toBe(cp.note);
    expect((await f.service.latestCheckpoint())?.note).toBe(cp.note);
  });

  it('rejects the checkpoint note once its body is altered', async () => {
    const cp = (await f.service.latestCheckpoint())!;
    const altered = cp.note.replace('\n14\n', '\n13\n');
    expect(() => openCheckpoint(altered, [parseVerifierKey(f.service.verifierKey())], ORIGIN)).toThrow();
  });

  it('serves inclusion proofs that verify against the signed root and fail when tampered (RFC 9162 §2.1.3)', async () => {
    const cp = (await f.service.latestCheckpoint())!;
    const root = Buffer.from(cp.rootHash, 'base64');
    for (let i = 0; i < cp.treeSize; i++) {
      const p = await f.service.inclusionProof(i);
      expect(p.treeSize).toBe(cp.treeSize);
      const [{ entry }] = (await f.db.dataSource.query(
        'SELECT entry FROM ledger_entry WHERE leaf_index = $1',
        [i],
      )) as {
        entry: string;
      }[];
      const leaf = hashLeaf(Buffer.from(entry, 'utf8'));
      expect(verifyInclusion(leaf, i, p.treeSize, p.proof.map(hex), root)).toBe(true);
      const tampered = p.proof.map((h, j) => (j === 0 ? flipHex(h) : h)).map(hex);
      expect(verifyInclusion(leaf, i, p.treeSize, tampered, root)).toBe(false);
    }
  });

  it('serves consistency proofs between checkpoints that verify and fail when tampered (RFC 9162 §2.1.4)', async () => {
    const older = (await f.service.latestCheckpoint())!;
    await f.service.recordIntent(sidnIntent());
    await f.service.recordIntent(sidnIntent());
    const newer = await f.service.issueCheckpoint();
    const p = await f.service.consistencyProof(older.treeSize, newer.treeSize);
    const r1 = Buffer.from(older.rootHash, 'base64');
    const r2 = Buffer.from(newer.rootHash, 'base64');
    expect(verifyConsistency(older.treeSize, newer.treeSize, r1, r2, p.proof.map(hex))).toBe(true);
    expect(
      verifyConsistency(
        older.treeSize,
        newer.treeSize,
        r1,
        r2,
        p.proof.map((h, j) => (j === 1 ? flipHex(h) : h)).map(hex),
      ),
    ).toBe(false);
  });

  it('refuses proofs beyond the ledger', async () => {
    await expect(f.service.consistencyProof(2, 10_000)).rejects.toMatchObject({
      code: LedgerErrorCode.OutOfRange,
    });
    await expect(f.service.inclusionProof(5, 3)).rejects.toMatchObject({ code: LedgerErrorCode.OutOfRange });
  });

  it('builds a subject bundle that verifies offline after a JSON round trip, holding only that subject', async () => {
    const bundle = JSON.parse(JSON.stringify(await f.service.bundleForSubject(subject))) as unknown;
    const result = verifyBundle(bundle, { trustedVerifierKey: f.service.verifierKey() });
    expect(result).toMatchObject({ ok: true, entries: 6, verifiedEntries: 6 });
    for (const e of (bundle as { entries: { entry: string }[] }).entries) {
      expect(JSON.parse(e.entry)).toMatchObject({ subjectId: subject });
    }
  });

  it('issues a new checkpoint when the latest does not cover the subject entries yet', async () => {
    const before = (await f.service.latestCheckpoint())!;
    await f.service.recordIntent(sidnIntent({ subjectId: subject }));
    const report = await f.service.disclosuresForSubject(subject);
    expect(report.checkpoint.treeSize).toBe(before.treeSize + 1);
    expect(report.entries).toHaveLength(7);
    const root = Buffer.from(report.checkpoint.rootHash, 'base64');
    for (const e of report.entries) {
      expect(
        verifyInclusion(
          hashLeaf(Buffer.from(e.entryText, 'utf8')),
          e.leafIndex,
          report.checkpoint.treeSize,
          e.inclusionProof.map(hex),
          root,
        ),
      ).toBe(true);
      expect(e.entry.subjectId).toBe(subject);
    }
  });

  it('verifies a ledger with several checkpoints', async () => {
    await expect(f.service.verifyLedger()).resolves.toMatchObject({ ok: true, checkpoints: 3 });
  });

  it('filters entries by recipient, subject, field and channel and pages with a cursor', async () => {
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await f.service.searchEntries({ subjectId: subject }, cursor, 4);
      all.push(...page.entries.map((e) => e.seq));
      expect(page.entries.every((e) => e.subjectId === subject)).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    const withEmail = await f.service.searchEntries({
      field: 'email',
      channel: 'epp:contact:create',
      kind: 'disclosure-intent',
    });
    expect(withEmail.entries.length).toBeGreaterThan(0);
    expect(withEmail.entries.every((e) => e.fields.includes('email'))).toBe(true);
    expect((await f.service.searchEntries({ recipient: 'escrow' })).entries).toEqual([]);
  });

  it('exports every matching entry across batch boundaries', async () => {
    const exported: string[] = [];
    for await (const e of f.service.exportEntries({ recipient: 'sidn' }, 3)) exported.push(e.seq);
    const total = (await f.service.searchEntries({ recipient: 'sidn' }, undefined, 1000)).entries.length;
    expect(exported).toHaveLength(total);
  });

  it('summarises fields per recipient beside the register and flags the differences', async () => {
    const summary = await f.service.summary();
    const sidn = summary.recipients.find((r) => r.recipient === 'sidn')!;
    expect(sidn.declared).toBe(true);
    const email = sidn.fields.find((x) => x.field === 'email')!;
    expect(email).toMatchObject({ declared: true, disclosures: 10, confirmed: 7 });
    expect(sidn.flags).toEqual(
      expect.arrayContaining([
        'declared field legalForm was never sent',
        'declared field kvkNumber was never sent',
      ]),
    );
    const escrow = summary.recipients.find((r) => r.recipient === 'escrow')!;
    expect(escrow.flags).toEqual(['declared recipient never received data in this period']);
  });

  it('counts a field repeated within one disclosure (street lines) once in the summary', async () => {
    const before = (await f.service.summary()).recipients.find((r) => r.recipient === 'sidn')!;
    const intent = sidnIntent();
    intent.fields = [
      { field: 'street', value: 'Kerkstraat 1' },
      { field: 'street', value: 'achterhuis' },
    ];
    await f.service.recordIntent(intent);
    const after = (await f.service.summary()).recipients.find((r) => r.recipient === 'sidn')!;
    const street = (s: typeof before) => s.fields.find((x) => x.field === 'street')!.disclosures;
    expect(street(after)).toBe(street(before) + 1);
  });

  it('limits the summary to the period asked for', async () => {
    const summary = await f.service.summary(
      new Date('2030-01-01T00:00:00Z'),
      new Date('2031-01-01T00:00:00Z'),
    );
    const sidn = summary.recipients.find((r) => r.recipient === 'sidn')!;
    expect(sidn.fields).toEqual([]);
    expect(summary.period).toEqual({ from: '2030-01-01T00:00:00.000Z', to: '2031-01-01T00:00:00.000Z' });
    const escrow = summary.recipients.find((r) => r.recipient === 'escrow')!;
    expect(escrow.flags).toEqual(['declared recipient never received data in this period']);
  });
});
