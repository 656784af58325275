import type { LedgerService } from '../../src/ledger/ledger.service';
import type { LifecycleLedgerPort } from '../../src/lifecycle/lifecycle-ledger.port';
import type { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import type { SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { customer } from '../orders/support/orders-test-app';
import {
  createRegistrarHandles,
  sandboxExecutor,
  startOrdersSandbox,
} from '../orders/support/sandbox-registry';
import { createLifecycleTestApp, DAY, LifecycleTestApp, ORDER_TOKEN } from './support/lifecycle-test-app';

/**
 * Issue 6: a step that dies after the registry acted but before its own transaction committed
 * (simulated: the ledger write of its receipt fails once, which rolls the step's transaction back).
 * The next run must finish the chain with exactly one receipt per deletion, nothing half-erased.
 */
jest.setTimeout(240_000);

class CrashOnce implements LifecycleLedgerPort {
  readonly crashed = new Set<string>();
  constructor(
    private readonly inner: LedgerService,
    private readonly channels: string[],
  ) {}
  recordIntent: LifecycleLedgerPort['recordIntent'] = (i, m) => this.inner.recordIntent(i, m);
  recordOutcome: LifecycleLedgerPort['recordOutcome'] = (o, m) => this.inner.recordOutcome(o, m);
  disclosuresForSubject: LifecycleLedgerPort['disclosuresForSubject'] = (s) =>
    this.inner.disclosuresForSubject(s);
  recordDeletionReceipt: LifecycleLedgerPort['recordDeletionReceipt'] = async (r, m) => {
    if (this.channels.includes(r.channel) && !this.crashed.has(r.channel)) {
      this.crashed.add(r.channel);
      throw new Error(`simulated crash before the ${r.channel} step committed`);
    }
    return this.inner.recordDeletionReceipt(r, m);
  };
}

describe('a deletion step dying before its commit (issue 6)', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let executor: GatedEppExecutor;
  let t: LifecycleTestApp;
  let ledger: CrashOnce;

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_crash');
    sandbox = await startOrdersSandbox(db);
    executor = sandboxExecutor(sandbox);
    t = await createLifecycleTestApp(db, sandbox, executor, undefined, (inner) => {
      ledger = new CrashOnce(inner, [
        'epp:domain:delete',
        'epp:domain:info',
        'epp:poll',
        'epp:contact:delete',
        'local:erasure',
      ]);
      return ledger;
    });
    await createRegistrarHandles(executor);
  });
  afterAll(async () => {
    await t?.close();
    await executor?.close();
    await sandbox?.stop();
    await db?.drop();
  });

  it('every step dies once after acting; the chain still completes exactly once', async () => {
    await t
      .http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'crash-1')
      .send({ domain: 'crash-two.nl', customer: customer({ customerId: 'CR-1' }) })
      .expect(202);
    await t.settleOrders();
    const subjectId = (
      (await db.dataSource.query(`SELECT id FROM data_subjects WHERE customer_id = 'CR-1'`)) as {
        id: string;
      }[]
    )[0].id;
    await t
      .http()
      .post('/v1/domains/crash-two.nl/lapse')
      .set('Authorization', ORDER_TOKEN)
      .send({ mode: 'now' })
      .expect(201);
    const run = async (days: number) => {
      await sandbox.clock.advance(days * DAY);
      for (let i = 0; i < 8; i++) {
        await t.runLifecycle();
        await sandbox.clock.advance(10 * 60_000);
      }
    };
    await run(0);
    expect(
      await db.dataSource.query(`SELECT status FROM domain_lapses WHERE domain_name = 'crash-two.nl'`),
    ).toEqual([{ status: 'quarantine' }]);
    await run(41);
    await run(15);
    const receipts = (await db.dataSource.query(
      `SELECT channel FROM ledger_entry WHERE subject_id = $1 AND kind = 'deletion-receipt' ORDER BY leaf_index`,
      [subjectId],
    )) as { channel: string }[];
    expect(receipts.map((r) => r.channel)).toEqual([
      'epp:domain:delete',
      expect.stringMatching(/^epp:(domain:info|poll)$/),
      'epp:contact:delete',
      'local:erasure',
    ]);
    const keys = (await db.dataSource.query(`SELECT destroyed_at FROM subject_keys WHERE subject_id = $1`, [
      subjectId,
    ])) as { destroyed_at: Date | null }[];
    expect(keys[0].destroyed_at).not.toBeNull();
    expect(await db.dataSource.query(`SELECT 1 FROM data_subjects WHERE id = $1`, [subjectId])).toEqual([]);
    expect(await t.ledger.verifyLedger()).toMatchObject({ ok: true });
    // Each step really died once on the way.
    expect([...ledger.crashed]).toEqual(
      expect.arrayContaining(['epp:domain:delete', 'epp:contact:delete', 'local:erasure']),
    );
    expect(ledger.crashed.has('epp:domain:info') || ledger.crashed.has('epp:poll')).toBe(true);
  });
});
