import type { DeletionStepsRepository as StepsRepo } from '../../src/lifecycle/jobs/deletion-steps.repository';
import { DeletionStepsRepository } from '../../src/lifecycle/jobs/deletion-steps.repository';
import type { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import type { FaultMode, SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { customer } from '../orders/support/orders-test-app';
import {
  createRegistrarHandles,
  sandboxExecutor,
  startOrdersSandbox,
} from '../orders/support/sandbox-registry';
import { createLifecycleTestApp, DAY, LifecycleTestApp, ORDER_TOKEN } from './support/lifecycle-test-app';

/**
 * Issue 6: "crash and fault injection at every deletion step: the chain completes exactly once".
 * Each registry command of the chain (domain:delete, domain:info, contact:delete, poll) meets each
 * sandbox fault once; a worker dies holding a claimed step and the app is restarted on the same
 * database. Every chain must end with exactly one receipt per deletion and the registry clean.
 */
jest.setTimeout(600_000);

const MODES: FaultMode[] = ['drop-before-apply', 'drop-after-apply', 'answer-2400', 'answer-2502-close'];
const COMMANDS = ['domain:delete', 'domain:info', 'contact:delete', 'poll'];
const MINUTE = 60_000;

describe('deletion chain under faults and crashes (issue 6)', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let executor: GatedEppExecutor;
  let t: LifecycleTestApp;
  let n = 0;

  /** Open steps due within the next hour (back-offs), not those waiting days (quarantine, retention). */
  const openSteps = async () =>
    Number(
      (
        (await db.dataSource.query(
          `SELECT count(*)::int AS n FROM deletion_steps WHERE status IN ('queued', 'running') AND run_at <= $1`,
          [new Date(sandbox.clock.now().getTime() + 60 * MINUTE)],
        )) as { n: number }[]
      )[0].n,
    );
  /** Runs the chain, moving the clock past back-offs, until no step is due soon. */
  const settle = async (maxRounds = 40) => {
    for (let i = 0; i < maxRounds; i++) {
      await t.runLifecycle();
      if ((await openSteps()) === 0) return;
      await sandbox.clock.advance(7 * MINUTE);
    }
  };
  const advanceDays = async (days: number) => {
    await sandbox.clock.advance(days * DAY);
    await t.runLifecycle();
  };
  const register = async (domain: string, customerId: string) => {
    await t
      .http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', `f-${++n}`)
      .send({ domain, customer: customer({ customerId }) })
      .expect(202);
    await t.settleOrders();
  };

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_faults');
    sandbox = await startOrdersSandbox(db);
    executor = sandboxExecutor(sandbox, 1500);
    t = await createLifecycleTestApp(db, sandbox, executor, Buffer.alloc(32, 9).toString('base64'));
    await createRegistrarHandles(executor);
  });
  afterAll(async () => {
    await t?.close();
    await executor?.close();
    await sandbox?.stop();
    await db?.drop();
  });
  afterEach(() => sandbox.faults.clear());

  it.each(MODES)('each chain command meets %s once: every chain completes exactly once', async (mode) => {
    const names = [1, 2].map((i) => `fault-${mode.replace(/[^a-z0-9]/g, '')}-${i}.nl`);
    for (const [i, name] of names.entries()) await register(name, `F-${mode}-${i}`);
    const subjects = (await db.dataSource.query(
      `SELECT DISTINCT subject_id FROM registrations WHERE domain_name = ANY($1)`,
      [names],
    )) as { subject_id: string }[];
    for (const name of names)
      await t
        .http()
        .post(`/v1/domains/${name}/lapse`)
        .set('Authorization', ORDER_TOKEN)
        .send({ mode: 'now' })
        .expect(201);

    for (const command of COMMANDS) sandbox.faults.inject({ command, mode, times: 1 });
    await settle();
    await advanceDays(41);
    for (const command of COMMANDS) sandbox.faults.inject({ command, mode, times: 1 });
    await settle();
    await advanceDays(15);
    await settle();

    for (const name of names)
      expect(await db.dataSource.query(`SELECT 1 FROM sandbox.domain WHERE name = $1`, [name])).toEqual([]);
    for (const { subject_id } of subjects) {
      const receipts = (await db.dataSource.query(
        `SELECT channel FROM ledger_entry WHERE subject_id = $1 AND kind = 'deletion-receipt' ORDER BY leaf_index`,
        [subject_id],
      )) as { channel: string }[];
      const channels = receipts.map((r) => r.channel);
      expect(channels.filter((c) => c === 'epp:domain:delete')).toHaveLength(1);
      expect(channels.filter((c) => c === 'epp:domain:info' || c === 'epp:poll')).toHaveLength(1);
      expect(channels.filter((c) => c === 'epp:contact:delete')).toHaveLength(1);
      expect(channels.filter((c) => c === 'local:erasure')).toHaveLength(1);
      const keys = (await db.dataSource.query(`SELECT destroyed_at FROM subject_keys WHERE subject_id = $1`, [
        subject_id,
      ])) as {
        destroyed_at: Date | null;
      }[];
      expect(keys[0].destroyed_at).not.toBeNull();
    }
    expect(
      await db.dataSource.query(`SELECT kind, status, reason FROM deletion_steps WHERE status = 'failed'`),
    ).toEqual([]);
    expect(await t.ledger.verifyLedger()).toMatchObject({ ok: true });
  });

  it('a worker that dies holding a claimed step: after restart the step is taken over when its lease ends, once', async () => {
    await register('crash-one.nl', 'CRASH-1');
    await t
      .http()
      .post('/v1/domains/crash-one.nl/lapse')
      .set('Authorization', ORDER_TOKEN)
      .send({ mode: 'now' })
      .expect(201);
    // The "dying" worker claims the due step and never finishes it.
    const claimed = await t.app
      .get<StepsRepo>(DeletionStepsRepository)
      .claimDue(sandbox.clock.now(), 5 * MINUTE, 10);
    expect(claimed.map((s) => s.kind)).toEqual(['domain-delete']);
    await t.close();
    t = await createLifecycleTestApp(db, sandbox, executor, Buffer.alloc(32, 9).toString('base64'));
    const steps: StepsRepo = t.app.get(DeletionStepsRepository);
    await t.runLifecycle();
    expect((await steps.findById(claimed[0].id))?.status).toBe('running'); // lease still held
    await sandbox.clock.advance(6 * MINUTE);
    await settle();
    const lapse = (await db.dataSource.query(
      `SELECT status FROM domain_lapses WHERE domain_name = 'crash-one.nl'`,
    )) as { status: string }[];
    expect(lapse).toEqual([{ status: 'quarantine' }]);
    expect(await steps.findById(claimed[0].id)).toMatchObject({ status: 'done', attempts: 2 });
    const deletes = (await sandbox.frames()).filter(
      (f) => f.direction === 'in' && f.xml.includes('<domain:delete') && f.xml.includes('crash-one.nl'),
    );
    expect(deletes).toHaveLength(1);
  });
});
