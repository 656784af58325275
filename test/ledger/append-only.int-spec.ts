import { Client } from 'pg';
import { hashLeaf } from '../../src/ledger/merkle/merkle';
import { LedgerService } from '../../src/ledger/ledger.service';
import { createLedgerFixture, LedgerFixture, sidnIntent } from './ledger-fixture';

/** Runs SQL as the superuser with triggers off for the session, as a DBA going behind the app's back. */
async function asReplicaSuperuser(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET session_replication_role = replica`);
    await c.query(sql, params);
  } finally {
    await c.end();
  }
}

async function seed(f: LedgerFixture, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const { entryId } = await f.service.recordIntent(sidnIntent());
    await f.service.recordOutcome({
      intentEntryId: entryId,
      outcome: 'success',
      resultCode: 1000,
      svTRID: `SV-${i}`,
    });
  }
}

describe('ledger tables are append-only (PostgreSQL)', () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await createLedgerFixture('ledger_ao');
    await seed(f, 3);
    await f.service.issueCheckpoint();
  });
  afterAll(async () => {
    await f.db.drop();
  });

  it.each([
    ['UPDATE', `UPDATE ledger_entry SET recipient = 'x'`],
    ['DELETE', `DELETE FROM ledger_entry WHERE leaf_index = 0`],
    ['TRUNCATE', `TRUNCATE ledger_entry CASCADE`],
    ['UPDATE', `UPDATE ledger_checkpoint SET note = 'x'`],
    ['DELETE', `DELETE FROM ledger_checkpoint`],
    ['TRUNCATE', `TRUNCATE ledger_checkpoint`],
  ])('refuses %s even to the superuser: %s', async (_op, sql) => {
    await expect(f.db.dataSource.query(sql)).rejects.toThrow(/append-only/);
  });

  it('has UPDATE, DELETE and TRUNCATE revoked from PUBLIC', async () => {
    const [{ granted }] = (await f.db.dataSource.query(
      `SELECT has_table_privilege('public', 'ledger_entry', 'UPDATE') OR has_table_privilege('public', 'ledger_entry', 'DELETE')
          OR has_table_privilege('public', 'ledger_entry', 'TRUNCATE') AS granted`,
    )) as { granted: boolean }[];
    expect(granted).toBe(false);
  });

  it('refuses an insert that skips a leaf index or carries a wrong leaf hash', async () => {
    const n = await f.repository.countEntries();
    const text = '{"v":1}';
    const insert = (leafIndex: number, hash: Buffer) =>
      f.db.dataSource.query(
        `INSERT INTO ledger_entry (leaf_index, entry_id, kind, entry, leaf_hash, recipient, subject_id, channel, created_at)
         VALUES ($1, gen_random_uuid(), 'incident', $2, $3, 'r', 's', 'c', now())`,
        [leafIndex, text, hash],
      );
    await expect(insert(n + 1, hashLeaf(Buffer.from(text)))).rejects.toThrow(/not the next index/);
    await expect(insert(n, hashLeaf(Buffer.from('other')))).rejects.toThrow(/leaf hash does not match/);
  });

  it('refuses a checkpoint for more entries than the ledger holds', async () => {
    await expect(
      f.db.dataSource.query(
        `INSERT INTO ledger_checkpoint (tree_size, root_hash, note, created_at) VALUES (1000, $1, 'x', now())`,
        [Buffer.alloc(32)],
      ),
    ).rejects.toThrow(/exceeds/);
  });
});

describe(`${LedgerService.name}.verifyLedger finds edits made behind the application's back`, () => {
  let f: LedgerFixture;
  beforeEach(async () => {
    f = await createLedgerFixture('ledger_tamper');
    await seed(f, 4); // 8 entries
    await f.service.issueCheckpoint();
  });
  afterEach(async () => {
    await f.db.drop();
  });

  it('passes on an untouched ledger', async () => {
    await expect(f.service.verifyLedger()).resolves.toMatchObject({ ok: true, entries: 8, checkpoints: 1 });
  });

  it('names the row whose entry text was edited with triggers disabled', async () => {
    const [{ seq, entry }] = (await f.db.dataSource.query(
      `SELECT seq, entry FROM ledger_entry WHERE leaf_index = 2`,
    )) as {
      seq: string;
      entry: string;
    }[];
    await asReplicaSuperuser(f.db.url, `UPDATE ledger_entry SET entry = $1 WHERE leaf_index = 2`, [
      entry.replace('"epp:contact:create"', '"epp:contact:update"'),
    ]);
    const result = await f.service.verifyLedger();
    expect(result.ok).toBe(false);
    expect(result.firstMismatch).toMatchObject({
      seq: String(seq),
      leafIndex: 2,
      reason: expect.stringContaining('leaf hash'),
    });
  });

  it('names the row whose query column was edited (ALTER TABLE ... DISABLE TRIGGER)', async () => {
    await f.db.dataSource.query(`ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_no_update_delete`);
    await f.db.dataSource.query(`UPDATE ledger_entry SET recipient = 'someone-else' WHERE leaf_index = 5`);
    await f.db.dataSource.query(`ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_no_update_delete`);
    const result = await f.service.verifyLedger();
    expect(result.firstMismatch).toMatchObject({
      leafIndex: 5,
      reason: 'stored column recipient does not match the entry text',
    });
  });

  it('finds a rewrite that recomputed the leaf hash, through the signed checkpoint', async () => {
    const [{ entry }] = (await f.db.dataSource.query(
      `SELECT entry FROM ledger_entry WHERE leaf_index = 3`,
    )) as { entry: string }[];
    const forged = entry.replace(/"svTRID":"SV-1"/, '"svTRID":"SV-forged"');
    expect(forged).not.toBe(entry);
    await asReplicaSuperuser(
      f.db.url,
      `UPDATE ledger_entry SET entry = $1, leaf_hash = $2, sv_trid = 'SV-forged' WHERE leaf_index = 3`,
      [forged, hashLeaf(Buffer.from(forged, 'utf8'))],
    );
    const result = await f.service.verifyLedger();
    expect(result.ok).toBe(false);
    expect(result.firstMismatch).toMatchObject({
      seq: null,
      reason: expect.stringContaining('history was rewritten'),
    });
    expect(result.firstMismatch!.reason).toContain('leaves 0..7');
  });

  it('narrows a rewrite down to the leaves between two checkpoints', async () => {
    await seed(f, 2); // entries 8..11
    await f.service.issueCheckpoint();
    const [{ entry }] = (await f.db.dataSource.query(
      `SELECT entry FROM ledger_entry WHERE leaf_index = 9`,
    )) as { entry: string }[];
    const forged = entry.replace('"success"', '"failed"');
    await asReplicaSuperuser(
      f.db.url,
      `UPDATE ledger_entry SET entry = $1, leaf_hash = $2, outcome = 'failed' WHERE leaf_index = 9`,
      [forged, hashLeaf(Buffer.from(forged, 'utf8'))],
    );
    const result = await f.service.verifyLedger();
    expect(result.firstMismatch!.reason).toContain('leaves 8..11');
  });

  it('finds entries deleted from under a checkpoint', async () => {
    await asReplicaSuperuser(f.db.url, `DELETE FROM ledger_entry WHERE leaf_index >= 6`);
    const result = await f.service.verifyLedger();
    expect(result.firstMismatch).toMatchObject({ reason: expect.stringContaining('entries were removed') });
  });

  it('finds a hole in the leaf indexes and names the row after it', async () => {
    await asReplicaSuperuser(f.db.url, `DELETE FROM ledger_entry WHERE leaf_index = 4`);
    const result = await f.service.verifyLedger();
    expect(result.firstMismatch).toMatchObject({
      leafIndex: 5,
      reason: 'leaf index 5 found where 4 was expected',
    });
  });

  it('finds a checkpoint whose signature was forged', async () => {
    await seed(f, 1);
    await asReplicaSuperuser(
      f.db.url,
      `INSERT INTO ledger_checkpoint (tree_size, root_hash, note, created_at)
       SELECT tree_size + 2, root_hash, replace(note, E'\\n8\\n', E'\\n10\\n'), now() FROM ledger_checkpoint`,
    );
    const result = await f.service.verifyLedger();
    expect(result.firstMismatch).toMatchObject({ reason: expect.stringContaining('does not verify') });
  });

  it('cannot see the tail removed after the last checkpoint (the threat model in docs/ledger.md)', async () => {
    await seed(f, 1); // entries 8, 9: not covered by any checkpoint
    await asReplicaSuperuser(f.db.url, `DELETE FROM ledger_entry WHERE leaf_index >= 8`);
    await expect(f.service.verifyLedger()).resolves.toMatchObject({ ok: true, entries: 8 });
  });
});
