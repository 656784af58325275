import fc from 'fast-check';
import path from 'node:path';
import request from 'supertest';
import type { App } from 'supertest/types';
import { encodeContactCreate } from '../../src/epp/codec/commands';
import { extractDisclosure } from '../../src/epp/codec/disclosure';
import { XsdValidator } from '../../src/epp/xsd/xsd-validator';
import { commitField } from '../../src/ledger/commitment';
import type { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import { SubjectKeysService } from '../../src/privacy-crypto/subject-keys.service';
import { recipientPolicyFromRegister } from '../../src/recipients/recipient-policy.provider';
import { loadRecipientsRegister } from '../../src/recipients/recipients-register';
import type { FaultMode, SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import {
  ADMIN,
  APP_DB_NAME,
  createOrdersTestApp,
  customer,
  ORDER_TOKEN,
  OrdersTestApp,
  repoRoot,
  TECH,
} from './support/orders-test-app';
import {
  createRegistrarHandles,
  sandboxAdapter,
  sandboxExecutor,
  startOrdersSandbox,
} from './support/sandbox-registry';

/**
 * Issue 4 "Done means", end to end: the order API and workflow on embedded PostgreSQL, talking EPP
 * over real TLS to the SIDN sandbox (which validates every frame against the XSDs and records it).
 */
jest.setTimeout(180_000);

const register = loadRecipientsRegister(path.join(repoRoot, 'config', 'recipients.yaml'));
const policy = recipientPolicyFromRegister(register);
const xsd = new XsdValidator(path.join(repoRoot, '..', 'shared', 'epp-reference', 'xsd'));
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

interface View {
  id: string;
  status: string;
  handles: { registrant: string | null; admin: string; tech: string };
  error?: { code: string; reason: string };
}

describe('registrations end-to-end against the sandbox over TLS (issue 4)', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let executor: GatedEppExecutor;
  let t: OrdersTestApp;
  let n = 0;
  const realClock = { now: () => Date.now() };

  const startApp = async () => {
    executor = sandboxExecutor(sandbox);
    t = await createOrdersTestApp(
      sandboxAdapter(executor),
      { maxAttempts: 8, backoffBaseMs: 100, backoffMaxMs: 400, contactBusyWaitMs: 100 },
      { db, masterKey: MASTER_KEY, clock: realClock },
    );
  };
  const stopApp = async () => {
    await t.close();
    await executor.close();
  };
  const http = () => request(t.app.getHttpServer() as App);
  const order = async (domain: string, c: Record<string, unknown>) => {
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', `e2e-${++n}`)
      .send({ domain, customer: c })
      .expect(202);
    return (res.body as { id: string }).id;
  };
  const view = async (id: string) =>
    (await http().get(`/v1/registrations/${id}`).set('Authorization', ORDER_TOKEN).expect(200)).body as View;
  const sandboxCount = async (sql: string, params: unknown[] = []) =>
    Number(((await db.dataSource.query(sql, params)) as { n: number }[])[0].n);
  const contactFramesIn = async () =>
    (await sandbox.frames()).filter((f) => f.direction === 'in' && /<contact:(create|update)\b/.test(f.xml));

  beforeAll(async () => {
    db = await createTestDatabase('orders_e2e');
    sandbox = await startOrdersSandbox(db);
    await startApp();
    await createRegistrarHandles(executor);
  });
  afterAll(async () => {
    await stopApp();
    await sandbox.stop();
    await db.drop();
  });
  afterEach(() => sandbox.faults.clear());

  it('registers: the registrant carries only allowed fields, admin/tech are our own handles, frames are schema-valid', async () => {
    const id = await order('e2e-happy.nl', customer({ customerId: 'E2E-1' }));
    await t.settle();
    const v = await view(id);
    expect(v.status).toBe('registered');
    const frames = await sandbox.frames();
    const create = frames.find(
      (f) => f.direction === 'in' && f.xml.includes(`<contact:id>${v.handles.registrant}</contact:id>`),
    );
    expect(create).toBeDefined();
    const disclosed = extractDisclosure(create!.xml);
    expect(disclosed?.fields.every((f) => policy.isFieldAllowed('sidn', f.field))).toBe(true);
    expect(create!.xml).not.toMatch(/NL91ABNA|123456782|1970-01-01|jantje|prefers phone/);
    const domainCreate = frames.find((f) => f.direction === 'in' && f.xml.includes('<domain:create'));
    expect(domainCreate!.xml).toContain(`<domain:contact type="admin">${ADMIN}</domain:contact>`);
    expect(domainCreate!.xml).toContain(`<domain:contact type="tech">${TECH}</domain:contact>`);
    expect(domainCreate!.xml).toContain(`<domain:registrant>${v.handles.registrant}</domain:registrant>`);
    for (const f of [create!, domainCreate!]) expect((await xsd.validate(f.xml)).errors).toEqual([]);
    const row = (await db.dataSource.query(
      `SELECT registrant, admin, tech FROM sandbox.domain WHERE name = 'e2e-happy.nl'`,
    )) as {
      registrant: string;
      admin: string[];
      tech: string[];
    }[];
    expect(row).toEqual([{ registrant: v.handles.registrant, admin: [ADMIN], tech: [TECH] }]);
  });

  it('the ledger matches the frames on the wire exactly: same fields, commitments recomputed from wire values', async () => {
    const keys = t.app.get(SubjectKeysService);
    for (const frame of await contactFramesIn()) {
      const clTRID = /<clTRID>([^<]+)<\/clTRID>/.exec(frame.xml)?.[1];
      const disclosed = extractDisclosure(frame.xml);
      if (!disclosed || [ADMIN, TECH].includes(disclosed.contactId ?? '')) continue;
      const entries = (await db.dataSource.query(
        `SELECT entry, subject_id FROM ledger_entry WHERE kind = 'disclosure-intent' AND cl_trid = $1`,
        [clTRID],
      )) as { entry: string; subject_id: string }[];
      expect(entries).toHaveLength(1);
      const entry = JSON.parse(entries[0].entry) as {
        recipient: string;
        fields: { field: string; commitment: string }[];
      };
      expect(entry.recipient).toBe('sidn');
      const key = await keys.commitmentKey(entries[0].subject_id);
      expect(entry.fields).toEqual(
        disclosed.fields.map((f) => ({ field: f.field, commitment: commitField(key, f.field, f.value) })),
      );
    }
  });

  it('a frame whose ledger intent cannot be committed never leaves (gated send)', async () => {
    const cmd = {
      id: 'HOGATETEST0001',
      postalInfo: {
        type: 'loc' as const,
        name: 'Gate Test',
        addr: { street: ['Straat 1'], city: 'Utrecht', pc: '1234AB', cc: 'NL' },
      },
      voice: { number: '+31.612345678' },
      email: 'gate@example.nl',
      authInfo: 'Gate-test-1!',
      properties: [{ key: 'NL_LEGAL_FORM', value: 'PERSOON' }],
    };
    await expect(
      executor.execute((ctx) => encodeContactCreate(cmd, ctx), {
        beforeSend: () => Promise.reject(new Error('ledger refused the intent')),
      }),
    ).rejects.toThrow('ledger refused the intent');
    expect((await sandbox.frames()).some((f) => f.xml.includes('HOGATETEST0001'))).toBe(false);
    expect(
      await sandboxCount(`SELECT count(*)::int AS n FROM sandbox.contact WHERE id = 'HOGATETEST0001'`),
    ).toBe(0);
    // The pool recovers: the next command goes through on a fresh session.
    await expect(executor.execute((ctx) => encodeContactCreate(cmd, ctx))).resolves.toBeDefined();
  });

  it('replay returns the same registration; the key with another body is 409; bad input is 400 with nothing sent', async () => {
    const body = { domain: 'e2e-replay.nl', customer: customer({ customerId: 'E2E-R' }) };
    const a = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'e2e-rp')
      .send(body)
      .expect(202);
    const b = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'e2e-rp')
      .send(body)
      .expect(202);
    expect((b.body as { id: string }).id).toBe((a.body as { id: string }).id);
    await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'e2e-rp')
      .send({ ...body, nameservers: [] })
      .expect(409);
    const framesBefore = (await sandbox.frames()).length;
    await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'e2e-bad')
      .send({ domain: 'e2e-bad.nl', customer: customer({ phone: '12' }) })
      .expect(400);
    await t.settle();
    expect((await view((a.body as { id: string }).id)).status).toBe('registered');
    const after = await sandbox.frames();
    expect(after.slice(framesBefore).some((f) => f.xml.includes('e2e-bad.nl'))).toBe(false);
  });

  const modes: { mode: FaultMode; delayMs?: number }[] = [
    { mode: 'drop-before-apply' },
    { mode: 'drop-after-apply' },
    { mode: 'answer-2400' },
    { mode: 'answer-2502-close' },
    { mode: 'delay', delayMs: 5000 },
  ];
  for (const command of ['contact:create', 'domain:create']) {
    for (const { mode, delayMs } of modes) {
      it(`${command} with ${mode}: registered, and the registry holds exactly one domain and one contact for it`, async () => {
        const label = `e2e-${command.split(':')[0]}-${mode}`.replace(/[^a-z0-9-]/g, '-');
        const contactsBefore = await sandboxCount(`SELECT count(*)::int AS n FROM sandbox.contact`);
        sandbox.faults.inject({ command, mode, times: 1, ...(delayMs ? { delayMs } : {}) });
        const id = await order(`${label}.nl`, customer({ customerId: `E2E-${label}` }));
        await t.settle();
        // let a delayed answer land before counting
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        const v = await view(id);
        expect(v.status).toBe('registered');
        expect(
          await sandboxCount(`SELECT count(*)::int AS n FROM sandbox.domain WHERE name = $1`, [
            `${label}.nl`,
          ]),
        ).toBe(1);
        expect(await sandboxCount(`SELECT count(*)::int AS n FROM sandbox.contact`)).toBe(contactsBefore + 1);
        expect(
          await sandboxCount(`SELECT count(*)::int AS n FROM sandbox.domain WHERE registrant = $1`, [
            v.handles.registrant,
          ]),
        ).toBe(1);
      });
    }
  }

  it('two customers, three domains: reuse for the same details, contact:update on changed details', async () => {
    const a1 = await order('e2e-alpha-1.nl', customer({ customerId: 'E2E-A' }));
    const b1 = await order('e2e-bravo-1.nl', customer({ customerId: 'E2E-B', name: 'Piet Pietersen' }));
    await t.settle();
    const a2 = await order(
      'e2e-alpha-2.nl',
      customer({ customerId: 'E2E-A', email: 'jan.nieuw@example.nl' }),
    );
    await t.settle();
    const [va1, vb1, va2] = await Promise.all([a1, b1, a2].map(view));
    expect([va1.status, vb1.status, va2.status]).toEqual(['registered', 'registered', 'registered']);
    expect(va2.handles.registrant).toBe(va1.handles.registrant);
    expect(vb1.handles.registrant).not.toBe(va1.handles.registrant);
    const updates = (await contactFramesIn()).filter((f) => f.xml.includes('<contact:update'));
    expect(updates).toHaveLength(1);
    expect(extractDisclosure(updates[0].xml)?.fields.map((f) => f.field)).toEqual(['email']);
    const stored = (await db.dataSource.query(`SELECT email FROM sandbox.contact WHERE id = $1`, [
      va1.handles.registrant,
    ])) as {
      email: string;
    }[];
    expect(stored[0].email).toBe('jan.nieuw@example.nl');
  });

  it('contact:update with drop-after-apply: the update converges and the contact stays single', async () => {
    const first = await order('e2e-upd-1.nl', customer({ customerId: 'E2E-U' }));
    await t.settle();
    sandbox.faults.inject({ command: 'contact:update', mode: 'drop-after-apply', times: 1 });
    const second = await order('e2e-upd-2.nl', customer({ customerId: 'E2E-U', city: 'Leiden' }));
    await t.settle();
    const [v1, v2] = await Promise.all([first, second].map(view));
    expect(v2.status).toBe('registered');
    expect(v2.handles.registrant).toBe(v1.handles.registrant);
    const stored = (await db.dataSource.query(`SELECT postal FROM sandbox.contact WHERE id = $1`, [
      v1.handles.registrant,
    ])) as {
      postal: unknown;
    }[];
    expect(JSON.stringify(stored[0].postal)).toContain('Leiden');
    // The ledger holds both disclosures (the one whose answer was lost, and the re-sent one).
    const intents = (await db.dataSource.query(
      `SELECT outcome, kind FROM ledger_entry WHERE registration_id = $1 AND channel = 'epp:contact:update' ORDER BY seq`,
      [second],
    )) as { outcome: string | null; kind: string }[];
    expect(intents.map((e) => (e.kind === 'disclosure-intent' ? 'intent' : e.outcome))).toEqual([
      'intent',
      'unknown',
      'intent',
      'success',
    ]);
  });

  it('a restart mid-workflow (process gone while domain:create is in flight) resumes to exactly one domain', async () => {
    sandbox.faults.inject({ command: 'domain:create', mode: 'delay', delayMs: 3000, times: 1 });
    const id = await order('e2e-restart.nl', customer({ customerId: 'E2E-RS' }));
    await t.worker.runOne(); // ensure-contact
    const inFlight = t.worker.runOne().catch(() => undefined); // domain:create, answer delayed
    await new Promise((r) => setTimeout(r, 300));
    // The process dies: its database sessions end (the job's lock with them) and its EPP sessions go.
    await db.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
      [APP_DB_NAME],
    );
    await executor.close();
    await inFlight;
    await t.app.close().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1500));
    await startApp();
    await t.settle();
    const v = await view(id);
    expect(v.status).toBe('registered');
    expect(
      await sandboxCount(`SELECT count(*)::int AS n FROM sandbox.domain WHERE name = 'e2e-restart.nl'`),
    ).toBe(1);
    expect(
      await sandboxCount(`SELECT count(*)::int AS n FROM sandbox.domain WHERE registrant = $1`, [
        v.handles.registrant,
      ]),
    ).toBe(1);
  });

  it('property: random extra fields and adversarial values never reach the wire, every frame stays schema-valid', async () => {
    const nasty = fc.oneof(
      fc.constantFrom(']]>', '<b>&amp;</b>', '"\'<>&', 'Ünïcødé 名前', "Zoë O'Brien-Ærø", 'x'.repeat(255)),
      fc.string({ minLength: 1, maxLength: 30 }),
    );
    let built = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: nasty, city: nasty, street: nasty }),
        fc.dictionary(
          fc.stringMatching(/^x[A-Za-z0-9]{1,10}$/),
          fc.string({ minLength: 1, maxLength: 20 }).map((s) => `LEAK-${s}`),
          { maxKeys: 4 },
        ),
        async (values, extra) => {
          const c = customer({ customerId: `E2E-P-${++n}`, ...values, street: [values.street], ...extra });
          const res = await http()
            .post('/v1/registrations')
            .set('Authorization', ORDER_TOKEN)
            .set('Idempotency-Key', `e2e-p-${n}`)
            .send({ domain: `e2e-prop-${n}.nl`, customer: c });
          if (res.status === 400) return;
          expect(res.status).toBe(202);
          await t.settle();
          const v = await view((res.body as { id: string }).id);
          expect(v.status).toBe('registered');
          const frame = (await contactFramesIn()).find((f) =>
            f.xml.includes(`<contact:id>${v.handles.registrant}</contact:id>`),
          );
          expect(frame).toBeDefined();
          expect(frame!.xml).not.toContain('LEAK-');
          for (const f of extractDisclosure(frame!.xml)?.fields ?? [])
            expect(policy.isFieldAllowed('sidn', f.field)).toBe(true);
          expect((await xsd.validate(frame!.xml)).errors).toEqual([]);
          built++;
        },
      ),
      { numRuns: 12 },
    );
    expect(built).toBeGreaterThan(4);
  });
});
