import { DataSource } from 'typeorm';
import { localDate } from '../../src/lifecycle/lapse-moment';
import type { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import { SubjectKeysService } from '../../src/privacy-crypto/subject-keys.service';
import type { SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { customer } from '../orders/support/orders-test-app';
import {
  createRegistrarHandles,
  sandboxExecutor,
  startOrdersSandbox,
} from '../orders/support/sandbox-registry';
import {
  createLifecycleTestApp,
  DAY,
  HELPDESK_TOKEN,
  LifecycleTestApp,
  ORDER_TOKEN,
} from './support/lifecycle-test-app';

/**
 * Issue 6 "Done means", end to end: registrations and the lifecycle on embedded PostgreSQL, EPP over
 * real TLS to the sandbox, the sandbox's clock advanced through quarantine and retention.
 */
jest.setTimeout(240_000);

interface LapseBody {
  status: string;
  effectiveAt: string;
  quarantineEndsAt?: string;
}

describe('lapse, quarantine, deletion and erasure against the sandbox (issue 6)', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let executor: GatedEppExecutor;
  let t: LifecycleTestApp;
  let n = 0;

  const order = async (domain: string, c: Record<string, unknown>) => {
    await t
      .http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', `lc-${++n}`)
      .send({ domain, customer: c })
      .expect(202);
  };
  const lapse = (domain: string, body: Record<string, unknown>) =>
    t.http().post(`/v1/domains/${domain}/lapse`).set('Authorization', ORDER_TOKEN).send(body);
  const lapseStatus = async (domain: string) =>
    (
      (await t.http().get(`/v1/domains/${domain}/lapse`).set('Authorization', ORDER_TOKEN).expect(200))
        .body as {
        lapses: (LapseBody & { steps: { kind: string; status: string; reason?: string }[] })[];
      }
    ).lapses;
  const sandboxDomain = async (name: string) =>
    (await db.dataSource.query(`SELECT name, rgp_status FROM sandbox.domain WHERE name = $1`, [name])) as {
      rgp_status: string | null;
    }[];
  const sandboxContact = async (id: string) =>
    (await db.dataSource.query(`SELECT id FROM sandbox.contact WHERE id = $1`, [id])) as unknown[];
  const subjectOf = async (customerId: string) =>
    (
      (await db.dataSource.query(`SELECT id FROM data_subjects WHERE customer_id = $1`, [customerId])) as {
        id: string;
      }[]
    )[0]?.id;
  const handleOf = async (subjectId: string) =>
    (
      (await db.dataSource.query(`SELECT handle FROM registrant_contacts WHERE subject_id = $1`, [
        subjectId,
      ])) as { handle: string }[]
    )[0]?.handle;
  const advance = async (days: number) => {
    await sandbox.clock.advance(days * DAY);
    await t.runLifecycle();
  };

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_e2e');
    sandbox = await startOrdersSandbox(db);
    executor = sandboxExecutor(sandbox);
    t = await createLifecycleTestApp(db, sandbox, executor);
    await createRegistrarHandles(executor);
  });
  afterAll(async () => {
    await t?.close();
    await executor?.close();
    await sandbox?.stop();
    await db?.drop();
  });

  it('register -> lapse now -> quarantine -> cancel restores; lapse on a date -> quarantine ends -> contact deleted -> data erased, with receipts', async () => {
    const person = customer({ customerId: 'LC-1', name: 'Jan Jansen', email: 'jan.jansen@example.nl' });
    await order('lapse-one.nl', person);
    await t.settleOrders();
    const subjectId = await subjectOf('LC-1');
    const handle = await handleOf(subjectId);
    expect(handle).toMatch(/^HO/);
    const keyBefore = await t.app.get(SubjectKeysService).commitmentKey(subjectId);

    // Mode 'now': deleted at once, in quarantine (RFC 3915 redemption at the sandbox).
    const first = await lapse('lapse-one.nl', { mode: 'now' }).expect(201);
    expect((first.body as LapseBody).status).toBe('scheduled');
    await lapse('lapse-one.nl', { mode: 'now' }).expect(200); // replay: idempotent
    await t.runLifecycle();
    expect((await lapseStatus('lapse-one.nl'))[0].status).toBe('quarantine');
    expect(await sandboxDomain('lapse-one.nl')).toEqual([
      { name: 'lapse-one.nl', rgp_status: 'redemptionPeriod' },
    ]);

    // Renewed in time: DELETE within quarantine restores the domain with its contact.
    const restored = await t
      .http()
      .delete('/v1/domains/lapse-one.nl/lapse')
      .set('Authorization', ORDER_TOKEN)
      .expect(200);
    expect((restored.body as LapseBody).status).toBe('restored');
    expect(await sandboxDomain('lapse-one.nl')).toEqual([{ name: 'lapse-one.nl', rgp_status: null }]);

    // Mode 'date': tomorrow in Amsterdam; nothing happens before, the delete at the day's start.
    const tomorrow = localDate(new Date(sandbox.clock.now().getTime() + DAY));
    await lapse('lapse-one.nl', { mode: 'date', date: tomorrow }).expect(201);
    await t.runLifecycle();
    expect((await lapseStatus('lapse-one.nl'))[0].status).toBe('scheduled');
    await advance(2);
    const inQuarantine = (await lapseStatus('lapse-one.nl'))[0];
    expect(inQuarantine.status).toBe('quarantine');

    // Quarantine ends (sandbox purges at rgpStatusEnd and queues a poll message): gone, contact deleted.
    await advance(41);
    const gone = (await lapseStatus('lapse-one.nl'))[0];
    expect(gone.status).toBe('purged');
    expect(await sandboxDomain('lapse-one.nl')).toEqual([]);
    expect(await sandboxContact(handle)).toEqual([]);
    // Retention: 14 days after quarantine the local data goes, not before.
    expect(await subjectOf('LC-1')).toBe(subjectId);
    await advance(15);
    expect(await subjectOf('LC-1')).toBeUndefined();

    const keys = (await db.dataSource.query(
      `SELECT wrapped_data_key, wrapped_commitment_key, destroyed_at FROM subject_keys WHERE subject_id = $1`,
      [subjectId],
    )) as {
      wrapped_data_key: Buffer | null;
      wrapped_commitment_key: Buffer | null;
      destroyed_at: Date | null;
    }[];
    expect(keys).toEqual([
      { wrapped_data_key: null, wrapped_commitment_key: null, destroyed_at: expect.any(Date) },
    ]);

    // The ledger shows the whole chain with receipts, and verifies.
    const entries = (await db.dataSource.query(
      `SELECT kind, channel, recipient, result_code, sv_trid FROM ledger_entry WHERE subject_id = $1 ORDER BY leaf_index`,
      [subjectId],
    )) as {
      kind: string;
      channel: string;
      recipient: string;
      result_code: number | null;
      sv_trid: string | null;
    }[];
    const receipts = entries.filter((e) => e.kind === 'deletion-receipt');
    expect(receipts.map((r) => r.channel)).toEqual([
      'epp:domain:delete', // first lapse (later restored)
      'epp:domain:delete',
      expect.stringMatching(/^epp:(domain:info|poll)$/), // purge confirmed
      'epp:contact:delete',
      'local:erasure',
    ]);
    expect(receipts[0].sv_trid).toBeTruthy();
    expect(receipts[3]).toMatchObject({ recipient: 'sidn', result_code: 1000 });
    expect(entries.some((e) => e.kind === 'disclosure-intent' && e.channel === 'epp:domain:restore')).toBe(
      true,
    );
    const verification = await t.ledger.verifyLedger();
    expect(verification).toMatchObject({ ok: true });

    // After erasure nothing of the subject's personal data can be read from the database. The scan
    // itself finds what is there (the lifecycle record keeps domain names by its rule).
    expect(await scan(db.dataSource, ['lapse-one.nl'])).toContain('domain_lapses.domain_name');
    await expectNoPersonalData(db.dataSource, [
      person.name as string,
      person.email as string,
      'Dorpsstraat 1',
      '+31.612345678',
      keyBefore.toString('hex'),
      keyBefore.toString('base64'),
    ]);
    await expect(t.app.get(SubjectKeysService).commitmentKey(subjectId)).rejects.toThrow(/destroyed/);
    const report = await t.http().get('/v1/customers/LC-1').set('Authorization', HELPDESK_TOKEN).expect(200);
    expect(report.body).toMatchObject({ held: false });
  });

  it('a customer with two domains: lapsing one keeps the contact; lapsing the second (end of period) removes it', async () => {
    const c = customer({ customerId: 'LC-2', name: 'Piet Pietersen', email: 'piet@example.nl' });
    await order('two-a.nl', c);
    await t.settleOrders();
    await order('two-b.nl', c);
    await t.settleOrders();
    const subjectId = await subjectOf('LC-2');
    const handle = await handleOf(subjectId);

    await lapse('two-a.nl', { mode: 'now' }).expect(201);
    await t.runLifecycle();
    await advance(41);
    expect((await lapseStatus('two-a.nl'))[0].status).toBe('purged');
    const contactStep = (
      await t.http().get('/v1/customers/LC-2').set('Authorization', HELPDESK_TOKEN).expect(200)
    ).body as {
      deletionSteps: { kind: string; status: string; reason: string | null }[];
    };
    expect(contactStep.deletionSteps.find((s) => s.kind === 'contact-delete')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('1 domain(s)'),
    });
    expect(await sandboxContact(handle)).toHaveLength(1);

    // Erasure is refused while the second registration is active, with the offer to lapse it.
    const blocked = await t
      .http()
      .post('/v1/customers/LC-2/erasure')
      .set('Authorization', HELPDESK_TOKEN)
      .expect(409);
    expect(blocked.body).toMatchObject({
      error: 'erasure-blocked',
      blockers: [{ domain: 'two-b.nl', offer: { href: '/v1/domains/two-b.nl/lapse' } }],
    });

    const eop = await lapse('two-b.nl', { mode: 'end-of-period' }).expect(201);
    const effective = new Date((eop.body as LapseBody).effectiveAt);
    expect(effective.getTime()).toBeGreaterThan(sandbox.clock.now().getTime() + 300 * DAY);
    await t.runLifecycle();
    expect((await lapseStatus('two-b.nl'))[0].status).toBe('scheduled');
    await advance(Math.ceil((effective.getTime() - sandbox.clock.now().getTime()) / DAY) + 1);
    expect((await lapseStatus('two-b.nl'))[0].status).toBe('quarantine');
    await advance(41);
    expect((await lapseStatus('two-b.nl'))[0].status).toBe('purged');
    expect(await sandboxContact(handle)).toEqual([]);
    // Art. 17 request after the domains are gone: erased now, without waiting for the retention margin.
    await t.http().post('/v1/customers/LC-2/erasure').set('Authorization', HELPDESK_TOKEN).expect(202);
    await t.runLifecycle();
    expect(await subjectOf('LC-2')).toBeUndefined();
  });

  it('the sweep reports a registration past its paid period without a lapse, and not once it has one', async () => {
    await order('overdue.nl', customer({ customerId: 'LC-3' }));
    await t.settleOrders();
    const overdue = async () =>
      (
        (await t.http().get('/v1/lapses/overdue').set('Authorization', ORDER_TOKEN).expect(200)).body as {
          registrations: { domain: string }[];
        }
      ).registrations.map((r) => r.domain);
    expect(await overdue()).not.toContain('overdue.nl');
    await sandbox.clock.advance(367 * DAY);
    expect(await overdue()).toContain('overdue.nl');
    await lapse('overdue.nl', { mode: 'now' }).expect(201);
    expect(await overdue()).not.toContain('overdue.nl');
  });
});

async function expectNoPersonalData(ds: DataSource, needles: string[]): Promise<void> {
  expect(await scan(ds, needles)).toEqual([]);
}

/** Every column of every table Handoff owns holding one of the needles (the sandbox's schema is the registry's, not ours). */
async function scan(ds: DataSource, needles: string[]): Promise<string[]> {
  const columns = (await ds.query(
    `SELECT table_schema, table_name, column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY')`,
  )) as { table_schema: string; table_name: string; column_name: string }[];
  const hits: string[] = [];
  for (const c of columns) {
    for (const needle of needles) {
      const rows = (await ds.query(
        `SELECT count(*)::int AS n FROM "${c.table_schema}"."${c.table_name}" WHERE position($1 in "${c.column_name}"::text) > 0
            OR position(convert_to($1, 'UTF8') in CASE WHEN pg_typeof("${c.column_name}")::text = 'bytea' THEN "${c.column_name}"::text::bytea ELSE ''::bytea END) > 0`,
        [needle],
      )) as { n: number }[];
      if (rows[0].n > 0) hits.push(`${c.table_name}.${c.column_name}`);
    }
  }
  return hits;
}
