import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { commitField } from '../../src/ledger/commitment';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { recipientPolicyFromDeclarations } from '../../src/ledger/recipient-policy';
import { LedgerError, LedgerErrorCode } from '../../src/ledger/ledger.error';
import { LedgerService } from '../../src/ledger/ledger.service';
import {
  createLedgerFixture,
  LedgerFixture,
  ORIGIN,
  REGISTER,
  sidnIntent,
  steppingClock,
  SUBJECT_VALUES,
} from './ledger-fixture';

async function allEntryText(f: LedgerFixture): Promise<string> {
  const rows = (await f.db.dataSource.query('SELECT * FROM ledger_entry ORDER BY seq')) as Record<
    string,
    unknown
  >[];
  return JSON.stringify(rows);
}

describe(`${LedgerService.name} recording (PostgreSQL)`, () => {
  let f: LedgerFixture;
  beforeAll(async () => {
    f = await createLedgerFixture('ledger_rec');
  });
  afterAll(async () => {
    await f.db.drop();
  });

  it('stores field names and HMAC commitments an auditor can recompute, never the values', async () => {
    const intent = sidnIntent();
    const { entryId } = await f.service.recordIntent(intent);
    const row = await f.repository.findByEntryId(entryId);
    const entry = JSON.parse(row!.entry) as { fields: { field: string; commitment: string }[]; role: string };
    expect(entry.fields).toEqual(
      intent.fields.map((x) => ({
        field: x.field,
        commitment: commitField(intent.subjectKey, x.field, x.value),
      })),
    );
    expect(entry.role).toBe('independent-controller');
    expect(row!.fields).toEqual(Object.keys(SUBJECT_VALUES));
    const stored = await allEntryText(f);
    for (const value of Object.values(SUBJECT_VALUES)) expect(stored).not.toContain(value);
    expect(stored).not.toContain(intent.subjectKey.toString('hex'));
    expect(stored).not.toContain(intent.subjectKey.toString('base64'));
  });

  it('refuses a recipient that is not in the register and records an incident without values', async () => {
    const intent = sidnIntent({ recipient: 'marketing-partner' });
    const error = await f.service.recordIntent(intent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).code).toBe(LedgerErrorCode.RecipientNotDeclared);
    const incident = await f.repository.findByEntryId((error as LedgerError).incidentEntryId!);
    expect(incident).toMatchObject({
      kind: 'incident',
      recipient: 'marketing-partner',
      subjectId: intent.subjectId,
    });
    expect(JSON.parse(incident!.entry)).toMatchObject({
      reason: 'recipient-not-declared',
      fields: Object.keys(SUBJECT_VALUES),
    });
    for (const value of Object.values(SUBJECT_VALUES)) expect(incident!.entry).not.toContain(value);
  });

  it('refuses a field the register does not allow for the recipient, naming the field but not its value', async () => {
    const intent = sidnIntent({
      recipient: 'escrow',
      purpose: 'data escrow',
      legalBasis: 'GDPR Art. 6(1)(c)',
    });
    intent.fields = [
      { field: 'name', value: 'Jan de Vries' },
      { field: 'iban', value: 'NL91ABNA0417164300' },
    ];
    const error = (await f.service.recordIntent(intent).catch((e: unknown) => e)) as LedgerError;
    expect(error.code).toBe(LedgerErrorCode.FieldNotAllowed);
    expect(error.message).toContain('iban');
    expect(error.message).not.toContain('NL91ABNA0417164300');
    const incident = await f.repository.findByEntryId(error.incidentEntryId!);
    expect(JSON.parse(incident!.entry)).toMatchObject({
      reason: 'field-not-allowed',
      refusedFields: ['iban'],
    });
    expect(incident!.entry).not.toContain('NL91ABNA0417164300');
    expect(incident!.entry).not.toContain('Jan de Vries');
  });

  it('refuses a purpose or legal basis that differs from the register', async () => {
    const error = (await f.service
      .recordIntent(sidnIntent({ purpose: 'marketing' }))
      .catch((e: unknown) => e)) as LedgerError;
    expect(error.code).toBe(LedgerErrorCode.PolicyMismatch);
  });

  it('keeps the incident when the caller rolls its own transaction back', async () => {
    let incidentId: string | undefined;
    await f.db.dataSource
      .transaction(async (m) => {
        await f.service.recordIntent(sidnIntent({ recipient: 'unknown-recipient' }), m);
      })
      .catch((e: unknown) => {
        incidentId = (e as LedgerError).incidentEntryId;
      });
    expect(incidentId).toBeDefined();
    expect(await f.repository.findByEntryId(incidentId!)).toMatchObject({ kind: 'incident' });
  });

  it('records the incident without waiting when the caller transaction already holds the append lock', async () => {
    const started = Date.now();
    let incidentId: string | undefined;
    await f.db.dataSource.transaction(async (m) => {
      await f.service.recordIntent(sidnIntent(), m);
      const error = (await f.service
        .recordIntent(sidnIntent({ recipient: 'not-declared' }), m)
        .catch((e: unknown) => e)) as LedgerError;
      expect(error.code).toBe(LedgerErrorCode.RecipientNotDeclared);
      incidentId = error.incidentEntryId;
    });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await f.repository.findByEntryId(incidentId!)).toMatchObject({
      kind: 'incident',
      recipient: 'not-declared',
    });
  });

  it('refuses a subject key that is not 32 bytes, before writing anything', async () => {
    const before = await f.repository.countEntries();
    await expect(f.service.recordIntent(sidnIntent({ subjectKey: Buffer.alloc(16) }))).rejects.toMatchObject({
      code: LedgerErrorCode.InvalidRecord,
    });
    expect(await f.repository.countEntries()).toBe(before);
  });

  it('records intent and outcome in the caller transaction; a rollback leaves no entry and no gap', async () => {
    const before = await f.repository.countEntries();
    await f.db.dataSource
      .transaction(async (m) => {
        const { entryId } = await f.service.recordIntent(sidnIntent(), m);
        await f.service.recordOutcome(
          { intentEntryId: entryId, outcome: 'success', resultCode: 1000, svTRID: 'SV-1' },
          m,
        );
        throw new Error('rollback');
      })
      .catch(() => undefined);
    expect(await f.repository.countEntries()).toBe(before);
    const next = await f.service.recordIntent(sidnIntent());
    expect(next.leafIndex).toBe(before);
  });

  it('links an outcome to its intent and copies recipient, subject and channel from it', async () => {
    const intent = sidnIntent();
    const recorded = await f.service.recordIntent(intent);
    const out = await f.service.recordOutcome({
      intentEntryId: recorded.entryId,
      outcome: 'success',
      resultCode: 1000,
      svTRID: 'SV-42',
    });
    const row = await f.repository.findByEntryId(out.entryId);
    expect(row).toMatchObject({
      kind: 'disclosure-outcome',
      intentEntryId: recorded.entryId,
      recipient: 'sidn',
      subjectId: intent.subjectId,
      clTRID: intent.clTRID,
      svTRID: 'SV-42',
      resultCode: 1000,
      outcome: 'success',
    });
    expect(JSON.parse(row!.entry)).toMatchObject({ intentLeafIndex: recorded.leafIndex });
  });

  it('refuses an outcome for an entry that is not an intent', async () => {
    const receipt = await f.service.recordDeletionReceipt({
      recipient: 'sidn',
      subjectId: 's',
      channel: 'epp:contact:delete',
      what: 'contact',
    });
    await expect(
      f.service.recordOutcome({ intentEntryId: receipt.entryId, outcome: 'success' }),
    ).rejects.toMatchObject({
      code: LedgerErrorCode.IntentNotFound,
    });
  });

  it('leaves an intent open after a crash before the outcome, and after an unknown outcome (timeout)', async () => {
    const crashed = await f.service.recordIntent(sidnIntent({ channel: 'epp:contact:update' }));
    const timedOut = await f.service.recordIntent(sidnIntent());
    await f.service.recordOutcome({
      intentEntryId: timedOut.entryId,
      outcome: 'unknown',
      reason: 'command-timeout',
    });
    const done = await f.service.recordIntent(sidnIntent());
    await f.service.recordOutcome({ intentEntryId: done.entryId, outcome: 'failed', resultCode: 2302 });

    const open = await f.service.findOpenIntents();
    const byId = new Map(open.map((o) => [o.entryId, o]));
    expect(byId.get(crashed.entryId)).toMatchObject({
      channel: 'epp:contact:update',
      lastOutcome: null,
      leafIndex: crashed.leafIndex,
    });
    expect(byId.get(timedOut.entryId)).toMatchObject({ lastOutcome: 'unknown' });
    expect(byId.has(done.entryId)).toBe(false);

    // Reconciliation closes it with a new entry; the intent and the unknown outcome stay.
    await f.service.recordOutcome({
      intentEntryId: timedOut.entryId,
      outcome: 'success',
      resultCode: 1000,
      svTRID: 'SV-7',
    });
    expect((await f.service.findOpenIntents()).map((o) => o.entryId)).not.toContain(timedOut.entryId);
  });

  it('keeps the intent open when the process dies while committing the outcome', async () => {
    const { entryId } = await f.service.recordIntent(sidnIntent());
    // The process that crashes has its own connections, like a second instance of the service.
    const crashing = new DataSource(dataSourceOptions(f.db.url));
    await crashing.initialize();
    try {
      const service = new LedgerService(
        new LedgerRepository(crashing),
        recipientPolicyFromDeclarations(REGISTER),
        { origin: ORIGIN, signer: f.signer },
        steppingClock(),
      );
      const runner = crashing.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      await service.recordOutcome(
        { intentEntryId: entryId, outcome: 'success', resultCode: 1000 },
        runner.manager,
      );
      const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
      // The crash: the backend goes away before the outcome's transaction commits.
      await f.db.dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect(runner.commitTransaction()).rejects.toThrow();
    } finally {
      await crashing.destroy().catch(() => undefined);
    }
    expect((await f.service.findOpenIntents()).map((o) => o.entryId)).toContain(entryId);
    await expect(f.service.verifyLedger()).resolves.toMatchObject({ ok: true });
  });

  it('issues checkpoints while appends run concurrently, and all of them verify', async () => {
    await Promise.all([
      ...Array.from({ length: 10 }, () => f.service.recordIntent(sidnIntent())),
      ...Array.from({ length: 4 }, () => f.service.issueCheckpoint()),
    ]);
    await f.service.issueCheckpoint();
    const result = await f.service.verifyLedger();
    expect(result).toMatchObject({ ok: true });
    expect(result.checkpoints).toBeGreaterThanOrEqual(2);
  });

  it('gives concurrent appends dense, distinct leaf indexes in commit order', async () => {
    const before = await f.repository.countEntries();
    const results = await Promise.all(Array.from({ length: 16 }, () => f.service.recordIntent(sidnIntent())));
    const indexes = results.map((r) => r.leafIndex).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 16 }, (_, i) => before + i));
    await expect(f.service.verifyLedger()).resolves.toMatchObject({ ok: true, entries: before + 16 });
  });

  it('records a deletion receipt with the recipient confirmation', async () => {
    const r = await f.service.recordDeletionReceipt({
      recipient: 'sidn',
      subjectId: 'subj_x',
      channel: 'epp:contact:delete',
      clTRID: 'HO-del',
      svTRID: 'SV-del',
      resultCode: 1000,
      what: 'contact',
    });
    expect(await f.repository.findByEntryId(r.entryId)).toMatchObject({
      kind: 'deletion-receipt',
      svTRID: 'SV-del',
      resultCode: 1000,
    });
  });
});
