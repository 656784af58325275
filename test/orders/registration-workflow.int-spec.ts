import request from 'supertest';
import type { App } from 'supertest/types';
import { encodeContactCreate } from '../../src/epp/codec/commands';
import { EppErrorCode } from '../../src/epp/codec/errors';
import { NS } from '../../src/epp/codec/namespaces';
import { Fault, FakeRegistry, Op } from './support/fake-registry';
import {
  ADMIN,
  createOrdersTestApp,
  customer,
  ORDER_TOKEN,
  OrdersTestApp,
  TECH,
} from './support/orders-test-app';

interface View {
  id: string;
  status: string;
  handles: { registrant: string | null; admin: string; tech: string };
  svTRIDs: { contact: string | null; domain: string | null };
  error?: { code: string; reason: string; resultCode?: number };
  timeline: { step: string; status: string }[];
}

describe('registration workflow (issue 4: outbox, reconciliation, contact reuse)', () => {
  let t: OrdersTestApp;
  let registry: FakeRegistry;
  let n = 0;
  const http = () => request(t.app.getHttpServer() as App);
  const order = async (domain: string, c: Record<string, unknown> = customer()) => {
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', `wf-${++n}`)
      .send({ domain, customer: c })
      .expect(202);
    return (res.body as { id: string }).id;
  };
  const view = async (id: string) =>
    (await http().get(`/v1/registrations/${id}`).set('Authorization', ORDER_TOKEN).expect(200)).body as View;
  const ledgerEntries = async (registrationId: string) =>
    (await t.db.dataSource.query(
      `SELECT kind, channel, fields, outcome FROM ledger_entry WHERE registration_id = $1 ORDER BY seq`,
      [registrationId],
    )) as { kind: string; channel: string; fields: string[]; outcome: string | null }[];

  beforeEach(async () => {
    registry = new FakeRegistry();
    t = await createOrdersTestApp(registry, { maxAttempts: 4 });
  });
  afterEach(async () => {
    await t.close();
  });

  it('registers: registrant with only allowed fields, the registrar’s own admin/tech, ledger intent + outcome', async () => {
    const id = await order('happy.nl');
    expect(registry.calls).toEqual([]);
    await t.settle();
    const v = await view(id);
    expect(v.status).toBe('registered');
    expect(v.handles).toEqual({
      registrant: expect.stringMatching(/^HO[A-Z2-9]{12}$/),
      admin: ADMIN,
      tech: TECH,
    });
    expect(v.svTRIDs.contact).toBeTruthy();
    expect(v.svTRIDs.domain).toBeTruthy();
    expect(v.timeline.map((e) => e.status)).toEqual(['accepted', 'created', 'registered']);
    expect(registry.domains.get('happy.nl')).toEqual({
      registrant: v.handles.registrant,
      admin: ADMIN,
      tech: TECH,
      ours: true,
    });
    const contact = registry.contacts.get(v.handles.registrant as string);
    expect(JSON.stringify(contact)).not.toMatch(/NL91ABNA|123456782|1970-01-01|jantje|prefers/);
    expect(registry.sentFrames.join('')).not.toMatch(/NL91ABNA|123456782|1970-01-01|jantje|prefers/);
    const entries = await ledgerEntries(id);
    expect(entries.map((e) => e.kind)).toEqual(['disclosure-intent', 'disclosure-outcome']);
    expect(entries[0].channel).toBe('epp:contact:create');
  });

  it('contact ids are random and opaque: two customers with the same name get unrelated handles', async () => {
    const a = await order('same-a.nl', customer({ customerId: 'A' }));
    const b = await order('same-b.nl', customer({ customerId: 'B' }));
    await t.settle();
    const [ha, hb] = [(await view(a)).handles.registrant, (await view(b)).handles.registrant];
    expect(ha).not.toEqual(hb);
    for (const h of [ha, hb]) expect(h).not.toMatch(/JAN|C-1001|EXAMPLE/i);
  });

  it('two customers, three domains: second domain reuses the handle, changed details become contact:update', async () => {
    const a1 = await order('alpha-one.nl', customer({ customerId: 'A' }));
    const b1 = await order(
      'bravo-one.nl',
      customer({ customerId: 'B', name: 'Piet Pietersen', email: 'piet@example.nl' }),
    );
    await t.settle();
    const a2 = await order('alpha-two.nl', customer({ customerId: 'A' }));
    await t.settle();
    const a3 = await order(
      'alpha-three.nl',
      customer({ customerId: 'A', city: 'Amsterdam', street: ['Kade 2'] }),
    );
    await t.settle();
    const [va1, va2, va3, vb1] = await Promise.all([a1, a2, a3, b1].map(view));
    expect([va1, va2, va3, vb1].map((v) => v.status)).toEqual([
      'registered',
      'registered',
      'registered',
      'registered',
    ]);
    expect(va2.handles.registrant).toBe(va1.handles.registrant);
    expect(va3.handles.registrant).toBe(va1.handles.registrant);
    expect(vb1.handles.registrant).not.toBe(va1.handles.registrant);
    expect(registry.calls.filter((c) => c === 'contact:create')).toHaveLength(2);
    expect(registry.calls.filter((c) => c === 'contact:update')).toHaveLength(1);
    expect(registry.contacts.size).toBe(2);
    expect(registry.contacts.get(va1.handles.registrant as string)?.postalInfo.addr.city).toBe('Amsterdam');
    expect(va2.timeline.map((e) => e.status)).toContain('reused');
    expect(va3.timeline.map((e) => e.status)).toContain('updated');
    const updateEntries = await ledgerEntries(a3);
    expect(updateEntries[0].channel).toBe('epp:contact:update');
    // Only what changed was disclosed again: the address (sent whole), not name, phone or e-mail.
    const fields = [...updateEntries[0].fields].sort();
    expect(fields).toEqual(['cc', 'city', 'pc', 'street[0]']);
  });

  it('two orders of one new customer at once create one contact', async () => {
    const ids = [await order('twin-a.nl'), await order('twin-b.nl')];
    await Promise.all([t.worker.runOne(), t.worker.runOne()]);
    await t.settle();
    expect(registry.calls.filter((c) => c === 'contact:create')).toHaveLength(1);
    const views = await Promise.all(ids.map(view));
    expect(views.map((v) => v.status)).toEqual(['registered', 'registered']);
    expect(views[0].handles.registrant).toBe(views[1].handles.registrant);
  });

  const faults: Fault[] = ['unknown-before-apply', 'unknown-after-apply', 'answer-2400', 'unavailable'];
  const ops: Op[] = ['contact:create', 'domain:create'];
  for (const op of ops) {
    for (const fault of faults) {
      it(`${op} with ${String(fault)}: ends registered with exactly one contact and one domain`, async () => {
        registry.inject(op, fault);
        const id = await order('faulty.nl');
        await t.settle();
        const v = await view(id);
        expect(v.status).toBe('registered');
        expect(registry.contacts.size).toBe(1);
        expect([...registry.domains.keys()]).toEqual(['faulty.nl']);
        if (fault === 'unknown-after-apply' || fault === 'unknown-before-apply') {
          // Reconciled by info before any second create.
          const info = op === 'contact:create' ? 'contact:info' : 'domain:info';
          const firstCreate = registry.calls.indexOf(op);
          expect(registry.calls.indexOf(info, firstCreate)).toBeGreaterThan(firstCreate);
          expect(registry.calls.filter((c) => c === op)).toHaveLength(
            fault === 'unknown-after-apply' ? 1 : 2,
          );
        }
        if (op === 'contact:create' && fault !== 'unavailable') {
          const outcomes = (await ledgerEntries(id))
            .filter((e) => e.kind === 'disclosure-outcome')
            .map((e) => e.outcome);
          expect(outcomes[0]).toBe(fault === 'answer-2400' ? 'failed' : 'unknown');
          expect(outcomes[outcomes.length - 1] ?? 'success').toMatch(/success|unknown/);
        }
      });
    }
  }

  for (const fault of faults) {
    it(`contact:update with ${String(fault)}: the update converges, still one contact, order registered`, async () => {
      const first = await order('upd-one.nl', customer({ customerId: 'U' }));
      await t.settle();
      registry.inject('contact:update', fault);
      const second = await order('upd-two.nl', customer({ customerId: 'U', city: 'Leiden' }));
      await t.settle();
      const [v1, v2] = await Promise.all([first, second].map(view));
      expect(v2.status).toBe('registered');
      expect(v2.handles.registrant).toBe(v1.handles.registrant);
      expect(registry.contacts.size).toBe(1);
      expect(registry.contacts.get(v1.handles.registrant as string)?.postalInfo.addr.city).toBe('Leiden');
      // One failed attempt, one that went through.
      expect(registry.calls.filter((c) => c === 'contact:update')).toHaveLength(2);
    });
  }

  it('contact:update refused (2306, e.g. a frozen registrant name): fails with the reason, registry copy unchanged', async () => {
    const first = await order('frozen-one.nl', customer({ customerId: 'F' }));
    await t.settle();
    registry.inject('contact:update', {
      permanent: EppErrorCode.ParameterPolicy,
      resultCode: 2306,
      reason: 'Naam kan niet worden gewijzigd',
    });
    const second = await order('frozen-two.nl', customer({ customerId: 'F', name: 'Andere Naam' }));
    await t.settle();
    const v2 = await view(second);
    expect(v2.status).toBe('failed');
    expect(v2.error).toEqual({
      code: 'ContactRejected',
      reason: 'Naam kan niet worden gewijzigd',
      resultCode: 2306,
    });
    expect((await view(first)).status).toBe('registered');
    // The contact is usable again: a later order with the registered details reuses it without an update.
    const third = await order('frozen-three.nl', customer({ customerId: 'F' }));
    await t.settle();
    expect((await view(third)).status).toBe('registered');
    expect(registry.calls.filter((c) => c === 'contact:update')).toHaveLength(1);
  });

  it('domain:create 2302: fails with the registry reason, no retry', async () => {
    registry.inject('domain:create', {
      permanent: EppErrorCode.ObjectExists,
      resultCode: 2302,
      reason: 'Domeinnaam is al bezet',
    });
    const id = await order('taken.nl');
    await t.settle();
    const v = await view(id);
    expect(v.status).toBe('failed');
    expect(v.error).toEqual({ code: 'DomainTaken', reason: 'Domeinnaam is al bezet', resultCode: 2302 });
    expect(registry.calls.filter((c) => c === 'domain:create')).toHaveLength(1);
  });

  it('an order waits while the lifecycle deletes the customer contact, then creates a fresh one', async () => {
    const first = await order('eerst.nl');
    await t.settle();
    const old = (await view(first)).handles.registrant!;
    // The lifecycle claimed the contact for contact:delete (contact-delete.job.ts).
    await t.db.dataSource.query(`UPDATE registrant_contacts SET state = 'deleting' WHERE handle = $1`, [old]);
    const second = await order('daarna.nl');
    await expect(t.settle(3)).rejects.toThrow('did not settle');
    expect((await view(second)).status).toBe('accepted');
    expect(registry.calls.filter((c) => c === 'contact:create')).toHaveLength(1);
    // The delete is confirmed: the row goes, and the waiting order creates a new contact.
    await t.db.dataSource.query(`DELETE FROM registrant_contacts WHERE handle = $1`, [old]);
    registry.contacts.delete(old);
    await t.settle();
    const v = await view(second);
    expect(v.status).toBe('registered');
    expect(v.handles.registrant).not.toBe(old);
  });

  it('makes sure the name server hosts exist before domain:create (RFC 5732 host objects)', async () => {
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', `wf-ns-${++n}`)
      .send({
        domain: 'met-ns.nl',
        nameservers: ['ns1.hoster.example', 'ns2.hoster.example'],
        customer: customer(),
      })
      .expect(202);
    await t.settle();
    expect((await view((res.body as { id: string }).id)).status).toBe('registered');
    expect([...registry.hosts].sort()).toEqual(['ns1.hoster.example', 'ns2.hoster.example']);
    expect(registry.calls.indexOf('host:ensure')).toBeLessThan(registry.calls.indexOf('domain:create'));
  });

  it('a name the registry reports unavailable fails before any customer data is sent (minimisation)', async () => {
    registry.domains.set('bezet.nl', { registrant: 'SOMEONE', ours: false });
    const id = await order('bezet.nl');
    await t.settle();
    const v = await view(id);
    expect(v.status).toBe('failed');
    expect(v.error).toMatchObject({ code: 'DomainTaken', reason: 'domain:check: not available (In use)' });
    expect(registry.calls).toEqual(['domain:check']);
    expect(registry.sentFrames).toHaveLength(0);
    expect(await ledgerEntries(id)).toEqual([]);
  });

  it('contact:create 2306: fails with the reason, and a later order starts the contact afresh', async () => {
    registry.inject('contact:create', {
      permanent: EppErrorCode.ParameterPolicy,
      resultCode: 2306,
      reason: 'policy',
    });
    const id = await order('policy.nl');
    await t.settle();
    expect((await view(id)).error).toMatchObject({ code: 'ContactRejected', resultCode: 2306 });
    const again = await order('policy-two.nl');
    await t.settle();
    expect((await view(again)).status).toBe('registered');
    expect(registry.contacts.size).toBe(1);
  });

  it('a domain already ours with our registrant (after an unknown outcome) is reconciled as registered', async () => {
    registry.inject('domain:create', 'unknown-after-apply');
    registry.inject('domain:info', 'answer-2400');
    const id = await order('late.nl');
    await t.settle();
    const v = await view(id);
    expect(v.status).toBe('registered');
    expect(v.timeline.map((e) => e.status)).toContain('reconciled');
    expect(registry.calls.filter((c) => c === 'domain:create')).toHaveLength(1);
  });

  it('transient failures retry with back-off up to the cap, then fail with a reason', async () => {
    for (let i = 0; i < 4; i++) registry.inject('contact:create', 'answer-2400');
    const id = await order('flaky.nl');
    const start = t.clock.now();
    await t.settle();
    const v = await view(id);
    // Every attempt was answered 2400 (not executed): nothing can exist at the registry, so: failed.
    expect(v.status).toBe('failed');
    expect(v.error?.code).toBe('RetriesExhausted');
    expect(registry.calls.filter((c) => c === 'contact:create')).toHaveLength(4);
    // back-off 1 s, 2 s, 4 s
    expect(t.clock.now() - start).toBe(7000);
  });

  it('when the last outcome stays unknown, the order stops as needs-attention, not failed', async () => {
    for (let i = 0; i < 4; i++) registry.inject('domain:create', 'unknown-before-apply');
    const id = await order('limbo.nl');
    await t.settle();
    const v = await view(id);
    expect(v.status).toBe('needs-attention');
    expect(v.error?.code).toBe('RetriesExhausted');
    // Each retry looked first.
    expect(registry.calls.filter((c) => c === 'domain:info')).toHaveLength(3);
  });

  it('a crash between the ledger intent and the send resumes from the committed state', async () => {
    // The process "dies" right after the intent is committed: the port throws a non-registry error.
    const crashing = registry.createContact.bind(registry);
    let crashed = false;
    registry.createContact = async (cmd, beforeSend) => {
      if (!crashed) {
        crashed = true;
        const ctx = { clTRID: 'CRASH-1', extensions: new Set([NS.fury]), profile: 'hello' as const };
        await beforeSend({ xml: encodeContactCreate(cmd, ctx), clTRID: ctx.clTRID });
        throw new Error('process killed');
      }
      return crashing(cmd, beforeSend);
    };
    const id = await order('crash.nl');
    await t.settle();
    expect((await view(id)).status).toBe('registered');
    expect(registry.calls.filter((c) => c === 'contact:info')).toHaveLength(1);
    expect(registry.contacts.size).toBe(1);
    // The auditor sees the intent that never left (no outcome), then the real create.
    const entries = await ledgerEntries(id);
    expect(entries.map((e) => (e.kind === 'disclosure-intent' ? 'intent' : e.outcome))).toEqual([
      'intent',
      'intent',
      'success',
    ]);
  });
});
