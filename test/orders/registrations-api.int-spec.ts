import request from 'supertest';
import type { App } from 'supertest/types';
import { FakeRegistry } from './support/fake-registry';
import {
  AUDITOR_TOKEN,
  createOrdersTestApp,
  customer,
  ORDER_TOKEN,
  OrdersTestApp,
} from './support/orders-test-app';

describe('order API (issue 4: POST/GET /v1/registrations, preview)', () => {
  let t: OrdersTestApp;
  let registry: FakeRegistry;
  const http = () => request(t.app.getHttpServer() as App);
  const count = async (table: string) =>
    Number(
      ((await t.db.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n,
    );

  beforeAll(async () => {
    registry = new FakeRegistry();
    t = await createOrdersTestApp(registry);
  });
  afterAll(async () => {
    await t.close();
  });

  it('401 without a token, 403 with a token lacking the scope', async () => {
    await http().post('/v1/registrations').send({}).expect(401);
    await http().get('/v1/registrations').set('Authorization', AUDITOR_TOKEN).expect(403);
  });

  it('400 lists each field and rule, echoes no value, and stores nothing', async () => {
    const before = await Promise.all(
      ['registrations', 'data_subjects', 'customer_profiles', 'subject_keys'].map(count),
    );
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'bad-1')
      .send({
        domain: 'example.com',
        extra: 1,
        customer: customer({ email: 'secret@@nowhere', postalCode: '99' }),
      })
      .expect(400);
    const body = res.body as { violations: { field: string; rule: string }[] };
    expect(body.violations.map((v) => `${v.field}:${v.rule}`)).toEqual([
      'extra:unknownField',
      'domain:isNlSecondLevel',
      'customer.postalCode:isDutchPostalCode',
      'customer.email:isEmail',
    ]);
    expect(JSON.stringify(res.body)).not.toContain('secret@@nowhere');
    const after = await Promise.all(
      ['registrations', 'data_subjects', 'customer_profiles', 'subject_keys'].map(count),
    );
    expect(after).toEqual(before);
  });

  it('400 without Idempotency-Key or orderId', async () => {
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .send({ domain: 'nokey.nl', customer: customer() })
      .expect(400);
    expect((res.body as { error: string }).error).toBe('IdempotencyKeyMissing');
  });

  it('202 for an order, the same registration for a replay, 409 for the key with another body', async () => {
    const body = { domain: 'Replay.NL', customer: customer({ customerId: 'C-replay' }) };
    const first = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'k-replay')
      .send(body)
      .expect(202);
    const a = first.body as { id: string; status: string; domain: string };
    expect(a.status).toBe('accepted');
    expect(a.domain).toBe('replay.nl');
    // Same body with keys in another order: the same request.
    const reordered = { customer: body.customer, domain: body.domain };
    const replay = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'k-replay')
      .send(reordered)
      .expect(202);
    expect((replay.body as { id: string }).id).toBe(a.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const conflict = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'k-replay')
      .send({ ...body, domain: 'other.nl' })
      .expect(409);
    expect((conflict.body as { error: string }).error).toBe('IdempotencyKeyReused');
    expect(
      await t.db.dataSource.query(`SELECT id FROM registrations WHERE idempotency_key = 'k-replay'`),
    ).toHaveLength(1);
  });

  it('uses orderId as the idempotency key when no header is sent', async () => {
    const body = { orderId: 'ORD-77', domain: 'byorder.nl', customer: customer({ customerId: 'C-ord' }) };
    const a = await http().post('/v1/registrations').set('Authorization', ORDER_TOKEN).send(body).expect(202);
    const b = await http().post('/v1/registrations').set('Authorization', ORDER_TOKEN).send(body).expect(202);
    expect((b.body as { id: string }).id).toBe((a.body as { id: string }).id);
  });

  it('409 for a second order of a domain while the first is in flight', async () => {
    await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'dup-1')
      .send({ domain: 'inflight.nl', customer: customer({ customerId: 'C-x' }) })
      .expect(202);
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'dup-2')
      .send({ domain: 'inflight.nl', customer: customer({ customerId: 'C-y' }) })
      .expect(409);
    expect((res.body as { error: string }).error).toBe('DomainOrderInFlight');
  });

  it('stores the profile encrypted, and only the fields the register allows', async () => {
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'enc-1')
      .send({ domain: 'encrypted.nl', customer: customer({ customerId: 'C-enc', name: 'Zeldzame Naam' }) })
      .expect(202);
    const id = (res.body as { id: string }).id;
    const rows = (await t.db.dataSource.query(
      `SELECT p.sealed_profile, p.stored_fields FROM customer_profiles p JOIN registrations r ON r.subject_id = p.subject_id WHERE r.id = $1`,
      [id],
    )) as { sealed_profile: Buffer; stored_fields: string[] }[];
    expect(rows[0].sealed_profile.toString('latin1')).not.toMatch(/Zeldzame|jan@example|Utrecht|NL91ABNA/);
    expect(rows[0].stored_fields.sort()).toEqual(
      ['city', 'countryCode', 'email', 'legalForm', 'name', 'phone', 'postalCode', 'street'].sort(),
    );
    // Nothing of the order's extras anywhere in the database, not even encrypted under another column.
    const dump = JSON.stringify(
      await t.db.dataSource.query(`SELECT * FROM registrations WHERE id = $1`, [id]),
    );
    expect(dump).not.toMatch(/Zeldzame|NL91ABNA|123456782|jantje/);
  });

  it('preview: per recipient the exact fields and values and the rule that allowed each; extras withheld', async () => {
    const res = await http()
      .post('/v1/registrations/preview')
      .set('Authorization', ORDER_TOKEN)
      .send({
        domain: 'preview.nl',
        customer: customer({ organisation: 'Jansen B.V.', legalForm: 'BV', kvkNumber: '12345678' }),
      })
      .expect(200);
    const body = res.body as {
      recipients: {
        recipient: string;
        role: string;
        fields: { field: string; value: unknown; rule: string }[];
        withheld: string[];
      }[];
      storage: { kept: string[]; dropped: string[] };
      adminHandle: string;
    };
    const sidn = body.recipients[0];
    expect(sidn.recipient).toBe('sidn');
    expect(sidn.role).toBe('independent-controller');
    expect(sidn.fields.map((f) => f.field)).toEqual([
      'name',
      'organisation',
      'street',
      'city',
      'postalCode',
      'countryCode',
      'phone',
      'email',
      'legalForm',
      'kvkNumber',
    ]);
    expect(sidn.fields.find((f) => f.field === 'phone')?.value).toBe('+31.612345678');
    expect(sidn.fields.every((f) => f.rule.length > 0)).toBe(true);
    expect(sidn.withheld.sort()).toEqual(['bsn', 'dateOfBirth', 'iban', 'loginName', 'notes']);
    expect(body.storage.dropped.sort()).toEqual(['bsn', 'dateOfBirth', 'iban', 'loginName', 'notes']);
    expect(registry.calls).not.toContain('contact:create');
  });

  it('GET one registration with its timeline; list with filters and cursor pages', async () => {
    for (const d of ['page-a.nl', 'page-b.nl', 'page-c.nl']) {
      await http()
        .post('/v1/registrations')
        .set('Authorization', ORDER_TOKEN)
        .set('Idempotency-Key', `p-${d}`)
        .send({ domain: d, customer: customer({ customerId: 'C-pages' }) })
        .expect(202);
      t.clock.advance(1000);
    }
    const page1 = await http()
      .get('/v1/registrations?customerId=C-pages&limit=2')
      .set('Authorization', ORDER_TOKEN)
      .expect(200);
    const p1 = page1.body as { items: { id: string; domain: string }[]; nextCursor: string };
    expect(p1.items.map((r) => r.domain)).toEqual(['page-c.nl', 'page-b.nl']);
    const page2 = await http()
      .get(`/v1/registrations?customerId=C-pages&limit=2&cursor=${p1.nextCursor}`)
      .set('Authorization', ORDER_TOKEN)
      .expect(200);
    const p2 = page2.body as { items: { id: string; domain: string }[]; nextCursor: string | null };
    expect(p2.items.map((r) => r.domain)).toEqual(['page-a.nl']);
    expect(p2.nextCursor).toBeNull();
    const byDomain = await http()
      .get('/v1/registrations?domain=PAGE-B.nl')
      .set('Authorization', ORDER_TOKEN)
      .expect(200);
    expect((byDomain.body as { items: unknown[] }).items).toHaveLength(1);
    await http().get('/v1/registrations?status=done').set('Authorization', ORDER_TOKEN).expect(400);
    await http().get('/v1/registrations?cursor=zzz').set('Authorization', ORDER_TOKEN).expect(400);

    const one = await http()
      .get(`/v1/registrations/${p1.items[0].id}`)
      .set('Authorization', 'Bearer dev-helpdesk-token')
      .expect(200);
    expect((one.body as { timeline: { step: string; status: string }[] }).timeline[0]).toMatchObject({
      step: 'accept',
      status: 'accepted',
    });
    await http()
      .get('/v1/registrations/00000000-0000-0000-0000-000000000000')
      .set('Authorization', ORDER_TOKEN)
      .expect(404);
  });
});
