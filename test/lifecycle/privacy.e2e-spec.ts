import type { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import { PollConsumer } from '../../src/lifecycle/poll/poll-consumer';
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

/** The customer's rights (issue 6, scope privacy:admin) against the real app and the sandbox. */
jest.setTimeout(240_000);

describe('customer rights: access, rectification, restriction, portability, erasure with a legal hold', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let executor: GatedEppExecutor;
  let t: LifecycleTestApp;
  let n = 0;

  const register = async (domain: string, c: Record<string, unknown>) => {
    await t
      .http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', `p-${++n}`)
      .send({ domain, customer: c })
      .expect(202);
    await t.settleOrders();
  };
  const subjectOf = async (customerId: string) =>
    (
      (await db.dataSource.query(`SELECT id FROM data_subjects WHERE customer_id = $1`, [customerId])) as {
        id: string;
      }[]
    )[0]?.id;
  const helpdesk = () => t.http();

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_privacy');
    sandbox = await startOrdersSandbox(db);
    executor = sandboxExecutor(sandbox);
    t = await createLifecycleTestApp(db, sandbox, executor);
    await createRegistrarHandles(executor);
    await register(
      'rights-one.nl',
      customer({ customerId: 'R-1', name: 'Anna de Vries', email: 'anna@example.nl' }),
    );
  });
  afterAll(async () => {
    await t?.close();
    await executor?.close();
    await sandbox?.stop();
    await db?.drop();
  });

  it('needs privacy:admin: the order system token gets 403', async () => {
    await t.http().get('/v1/customers/R-1').set('Authorization', ORDER_TOKEN).expect(403);
    await t.http().get('/v1/customers/R-1').expect(401);
  });

  it('access (Art. 15): the data we hold, who received which fields with proofs, retention, as JSON and as text', async () => {
    const res = await helpdesk().get('/v1/customers/R-1').set('Authorization', HELPDESK_TOKEN).expect(200);
    const body = res.body as {
      held: boolean;
      data: { name: string; email: string; iban?: string };
      registrations: { domain: string }[];
      disclosures: {
        entries: {
          kind: string;
          recipient: string;
          channel: string;
          fields: string[];
          inclusionProof: string[];
        }[];
      };
      retention: { erasableNow: boolean; notYetBecause: string };
    };
    expect(body.held).toBe(true);
    expect(body.data).toMatchObject({ name: 'Anna de Vries', email: 'anna@example.nl' });
    expect(body.data.iban).toBeUndefined(); // dropped on arrival: never held
    expect(body.registrations.map((r) => r.domain)).toEqual(['rights-one.nl']);
    const create = body.disclosures.entries.find(
      (e) => e.kind === 'disclosure-intent' && e.channel === 'epp:contact:create',
    );
    expect(create).toMatchObject({ recipient: 'sidn', fields: expect.arrayContaining(['name', 'email']) });
    expect(Array.isArray(create?.inclusionProof)).toBe(true);
    expect(body.retention).toMatchObject({
      erasableNow: false,
      notYetBecause: expect.stringContaining('registration'),
    });
    const text = await helpdesk()
      .get('/v1/customers/R-1?format=text')
      .set('Authorization', HELPDESK_TOKEN)
      .expect(200);
    expect(text.headers['content-type']).toMatch(/text\/plain/);
    expect(text.text).toContain('Access report (GDPR Art. 15)');
    expect(text.text).toContain('Anna de Vries');
    expect(text.text).toMatch(/sidn\s+disclosure-intent\s+epp:contact:create/);
  });

  it('portability (Art. 20): the profile and domains as JSON', async () => {
    const res = await helpdesk()
      .get('/v1/customers/R-1/export')
      .set('Authorization', HELPDESK_TOKEN)
      .expect(200);
    expect(res.body).toMatchObject({
      format: 'handoff-portability/1',
      profile: { email: 'anna@example.nl' },
      domains: [{ domain: 'rights-one.nl' }],
    });
  });

  it('rectification (Art. 16 + 19): contact:update to SIDN, recorded, and the notification reported', async () => {
    const res = await helpdesk()
      .patch('/v1/customers/R-1')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ email: 'anna.devries@example.nl' })
      .expect(200);
    expect(res.body).toMatchObject({
      changed: ['email'],
      notifications: [{ recipient: 'sidn', notified: true, by: 'epp:contact:update' }],
    });
    const handle = (
      (await db.dataSource.query(`SELECT handle FROM registrant_contacts WHERE subject_id = $1`, [
        await subjectOf('R-1'),
      ])) as { handle: string }[]
    )[0].handle;
    const row = (await db.dataSource.query(`SELECT email FROM sandbox.contact WHERE id = $1`, [handle])) as {
      email: string;
    }[];
    expect(row).toEqual([{ email: 'anna.devries@example.nl' }]);
    const intents = (await db.dataSource.query(
      `SELECT fields FROM ledger_entry WHERE subject_id = $1 AND kind = 'disclosure-intent' AND channel = 'epp:contact:update'`,
      [await subjectOf('R-1')],
    )) as { fields: string[] }[];
    expect(intents).toEqual([{ fields: ['email'] }]);
  });

  it("rectification of a registrant's name is refused with SIDN's rule, nothing changed", async () => {
    const res = await helpdesk()
      .patch('/v1/customers/R-1')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ name: 'Anna Jansen' })
      .expect(409);
    expect(res.body).toMatchObject({ error: 'registrant-identity-frozen', fields: ['name'] });
    expect(res.body.message).toContain('SIDN does not allow');
    await helpdesk()
      .patch('/v1/customers/R-1')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ iban: 'NL91ABNA0417164300' })
      .expect(400);
  });

  it('restriction (Art. 18): while set, the database refuses any new disclosure of the subject', async () => {
    await helpdesk()
      .put('/v1/customers/R-1/restriction')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ restricted: true, reason: 'accuracy contested' })
      .expect(200);
    const subjectId = await subjectOf('R-1');
    const key = await t.app.get(SubjectKeysService).commitmentKey(subjectId);
    await expect(
      t.ledger.recordIntent({
        recipient: 'sidn',
        subjectId,
        subjectKey: key,
        channel: 'epp:contact:update',
        fields: [{ field: 'email', value: 'x@example.nl' }],
        purpose: 'Registration of the domain name in the .nl register in the name of its holder (registrant)',
        legalBasis: 'GDPR Art. 6(1)(b) - performance of the registration contract the customer asked for',
        clTRID: 'TEST-RESTRICTED',
      }),
    ).rejects.toThrow(/Art\. 18/);
    await helpdesk()
      .patch('/v1/customers/R-1')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ city: 'Amersfoort' })
      .expect(409);
    await helpdesk()
      .put('/v1/customers/R-1/restriction')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ restricted: false })
      .expect(200);
    await helpdesk()
      .patch('/v1/customers/R-1')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ city: 'Amersfoort' })
      .expect(200);
  });

  it('a handled poll message is handled once, even when the registry hands it out again (lost ack)', async () => {
    const poll = t.app.get(PollConsumer);
    const message = {
      id: 'M-42',
      count: 1,
      msg: 'Domain unknown-to-us.nl purged: its redemption period ended',
      response: {
        results: [{ code: 1301, message: 'ack', values: [], extValues: [] }],
        msgQ: { count: 1, id: 'M-42' },
        trID: {},
        extensions: {},
        sidn: null,
        unhandled: [],
      },
    };
    expect(await poll.handle(message, sandbox.clock.now())).toBe('no lapse of ours');
    expect(await poll.handle(message, sandbox.clock.now())).toBe('already handled');
    expect(
      await db.dataSource.query(
        `SELECT kind, object_names FROM registry_poll_messages WHERE message_id = 'M-42'`,
      ),
    ).toEqual([{ kind: 'domain-purged', object_names: ['unknown-to-us.nl'] }]);
  });

  it('erasure (Art. 17) is blocked while registered; after the lapse, a legal hold keeps the contact data with its rule', async () => {
    await helpdesk().post('/v1/customers/R-1/erasure').set('Authorization', HELPDESK_TOKEN).expect(409);
    await helpdesk()
      .post('/v1/customers/R-1/legal-holds')
      .set('Authorization', HELPDESK_TOKEN)
      .send({ categories: ['registrant-contact'], rule: 'court order 2026/123' })
      .expect(201);
    await t
      .http()
      .post('/v1/domains/rights-one.nl/lapse')
      .set('Authorization', ORDER_TOKEN)
      .send({ mode: 'now' })
      .expect(201);
    await t.runLifecycle();
    await sandbox.clock.advance(41 * DAY);
    await t.runLifecycle();
    await helpdesk().post('/v1/customers/R-1/erasure').set('Authorization', HELPDESK_TOKEN).expect(202);
    await t.runLifecycle();
    const subjectId = await subjectOf('R-1');
    expect(subjectId).toBeDefined(); // registration-record goes, but the subject row stays with the held profile
    const profile = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM customer_profiles WHERE subject_id = $1`,
      [subjectId],
    )) as { n: number }[];
    expect(profile[0].n).toBe(1);
    expect(
      await db.dataSource.query(`SELECT count(*)::int AS n FROM registrations WHERE subject_id = $1`, [
        subjectId,
      ]),
    ).toEqual([{ n: 0 }]);
    const receipt = (await db.dataSource.query(
      `SELECT entry FROM ledger_entry WHERE subject_id = $1 AND channel = 'local:erasure'`,
      [subjectId],
    )) as { entry: string }[];
    expect(JSON.parse(receipt[0].entry).what).toContain(
      'registrant-contact (legal hold: court order 2026/123)',
    );
    await expect(t.app.get(SubjectKeysService).commitmentKey(subjectId)).resolves.toHaveLength(32);
  });
});
