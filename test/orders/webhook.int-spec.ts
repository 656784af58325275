import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { loadEnv } from '../../src/config/env.schema';
import { WebhookOutbox, webhookSignature } from '../../src/orders/webhook-outbox';
import { createTestDatabase, TestDatabase } from '../support/database';

describe(WebhookOutbox.name, () => {
  let db: TestDatabase;
  let server: Server;
  let url: string;
  const received: { body: string; signature: string | undefined }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    db = await createTestDatabase('orders_webhook');
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.statusCode = 503;
          res.end();
          return;
        }
        received.push({ body, signature: req.headers['handoff-signature'] as string | undefined });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.drop();
  });

  async function insertRegistration(ds: DataSource): Promise<string> {
    const subject = '11111111-1111-4111-8111-111111111111';
    const id = '22222222-2222-4222-8222-222222222222';
    await ds.query(`INSERT INTO data_subjects (id, customer_id, created_at) VALUES ($1, 'C-hook', now())`, [
      subject,
    ]);
    await ds.query(
      `INSERT INTO registrations (id, client_name, idempotency_key, request_digest, subject_id, domain_name, domain_unicode,
        nameservers, period_value, period_unit, status, created_at, updated_at)
       VALUES ($1, 'c', 'k', 'd', $2, 'hook.nl', 'hook.nl', '{}', 1, 'y', 'registered', now(), now())`,
      [id, subject],
    );
    return id;
  }

  it('posts every status change signed with WEBHOOK_SECRET and retries until it is accepted', async () => {
    const env = loadEnv({ WEBHOOK_URL: url, WEBHOOK_SECRET: 'a-webhook-secret-of-enough-length' });
    let now = Date.UTC(2026, 10, 25, 12);
    const outbox = new WebhookOutbox(db.dataSource, env, { now: () => now });
    const id = await insertRegistration(db.dataSource);
    await db.dataSource.transaction((m) => outbox.statusChanged(id, 'registered', new Date(now), m));
    failNext = 1;
    expect(await outbox.deliverDue()).toBe(0);
    expect(received).toHaveLength(0);
    expect(await outbox.deliverDue()).toBe(0); // not due yet: back-off
    now += 1000;
    expect(await outbox.deliverDue()).toBe(1);
    expect(received).toHaveLength(1);
    const payload = JSON.parse(received[0].body) as Record<string, unknown>;
    expect(payload).toEqual({
      event: 'registration.status',
      registrationId: id,
      status: 'registered',
      at: expect.any(String),
    });
    expect(received[0].signature).toBe(
      webhookSignature('a-webhook-secret-of-enough-length', Math.floor(now / 1000), received[0].body),
    );
    expect(await outbox.deliverDue()).toBe(0); // delivered once
  });
});
