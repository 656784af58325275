import { randomUUID } from 'node:crypto';
import { DeletionStepsRepository } from '../../src/lifecycle/jobs/deletion-steps.repository';
import { LapsesRepository, NewLapse } from '../../src/lifecycle/lapses.repository';
import { createTestDatabase, TestDatabase } from '../support/database';

/** The lifecycle tables on real PostgreSQL: what the database itself guarantees. */
describe('lifecycle tables (PostgreSQL)', () => {
  let db: TestDatabase;
  let lapses: LapsesRepository;
  let steps: DeletionStepsRepository;
  const now = new Date('2026-11-25T12:00:00Z');
  const lapse = (domainName: string): NewLapse => ({
    domainName,
    registrationId: randomUUID(),
    subjectId: randomUUID(),
    registrantHandle: 'HOTEST',
    mode: 'now',
    requestedDate: null,
    effectiveAt: now,
  });

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_tables');
    lapses = new LapsesRepository(db.dataSource);
    steps = new DeletionStepsRepository(db.dataSource);
  });
  afterAll(() => db.drop());

  it('concurrent lapse requests for one domain create one open lapse', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => lapses.insertScheduled(lapse('race.nl'), now)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.lapse.id)).size).toBe(1);
  });

  it('the database refuses a second open lapse even behind the repository', async () => {
    await expect(
      db.dataSource.query(
        `INSERT INTO domain_lapses (id, domain_name, mode, effective_at, status, created_at, updated_at)
         VALUES ($1, 'race.nl', 'now', now(), 'quarantine', now(), now())`,
        [randomUUID()],
      ),
    ).rejects.toThrow(/domain_lapses_one_open/);
  });

  it('after a lapse ends (cancelled) the domain can lapse again', async () => {
    const open = await lapses.findOpen('race.nl');
    await lapses.transition(open!.id, 'scheduled', 'cancelled', {}, now);
    expect((await lapses.insertScheduled(lapse('race.nl'), now)).created).toBe(true);
  });

  it('a conditional transition loses against one that moved first', async () => {
    const { lapse: l } = await lapses.insertScheduled(lapse('cond.nl'), now);
    expect(await lapses.transition(l.id, 'scheduled', 'deleting', {}, now)).toMatchObject({
      status: 'deleting',
    });
    expect(await lapses.transition(l.id, 'scheduled', 'cancelled', {}, now)).toBeUndefined();
  });

  it('enqueueing a step twice keeps one open step, moved to the earlier time', async () => {
    await steps.enqueue('contact-delete', 'HOSAME', { runAt: new Date(now.getTime() + 60_000) }, now);
    await steps.enqueue('contact-delete', 'HOSAME', { runAt: now }, now);
    const rows = (await db.dataSource.query(`SELECT run_at FROM deletion_steps WHERE target = 'HOSAME'`)) as {
      run_at: Date;
    }[];
    expect(rows).toEqual([{ run_at: now }]);
  });

  it('two workers claiming at once get disjoint steps (FOR UPDATE SKIP LOCKED)', async () => {
    for (let i = 0; i < 20; i++) await steps.enqueue('subject-erasure', randomUUID(), { runAt: now }, now);
    const [a, b] = await Promise.all([steps.claimDue(now, 60_000, 15), steps.claimDue(now, 60_000, 15)]);
    const ids = [...a, ...b].map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(20);
  });

  it('a claimed step whose worker died is claimed again after its lease, and finishes once', async () => {
    await db.dataSource.query(
      `UPDATE deletion_steps SET status = 'done', finished_at = now() WHERE status IN ('queued', 'running')`,
    );
    await steps.enqueue('domain-delete', 'lease.nl', { runAt: now }, now);
    const [first] = await steps.claimDue(now, 60_000, 1);
    expect(await steps.claimDue(new Date(now.getTime() + 30_000), 60_000, 1)).toEqual([]);
    const [again] = await steps.claimDue(new Date(now.getTime() + 61_000), 60_000, 1);
    expect(again).toMatchObject({ id: first.id, attempts: 2 });
    expect(await steps.finish(again.id, 'done', {}, now)).toBe(true);
    expect(await steps.finish(again.id, 'skipped', { reason: 'late' }, now)).toBe(false);
    expect(await steps.findById(again.id)).toMatchObject({ status: 'done', reason: null });
  });

  it('the restriction trigger refuses a disclosure intent with fields but lets a field-less ending pass', async () => {
    const subject = randomUUID();
    await db.dataSource.query(
      `INSERT INTO subject_privacy (subject_id, restricted, updated_at) VALUES ($1, true, now())`,
      [subject],
    );
    const insert = (fields: string[]) =>
      db.dataSource.query(
        `INSERT INTO ledger_entry (leaf_index, entry_id, kind, entry, leaf_hash, recipient, subject_id, channel, fields, created_at)
         SELECT coalesce(max(leaf_index) + 1, 0), $1, 'disclosure-intent', $2, sha256('\\x00'::bytea || convert_to($2, 'UTF8')), 'sidn', $3, 'epp:test', $4, now()
           FROM ledger_entry`,
        [randomUUID(), `{"test":"${randomUUID()}"}`, subject, fields],
      );
    await expect(insert(['email'])).rejects.toThrow(/Art\. 18/);
    await expect(insert([])).resolves.toBeDefined();
  });
});
