import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AuthModule } from '../../src/auth/auth.module';
import { createValidationPipe } from '../../src/common/validation';
import { ConfigModule } from '../../src/config/config.module';
import { loadEnv } from '../../src/config/env.schema';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { LedgerModule } from '../../src/ledger/ledger.module';
import { LifecycleModule } from '../../src/lifecycle/lifecycle.module';
import type { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import { EPP_EXECUTOR, OrdersModule } from '../../src/orders/orders.module';
import { RecipientsModule } from '../../src/recipients/recipients.module';
import type { SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ADMIN, customer, ORDER_TOKEN, repoRoot, TECH } from '../orders/support/orders-test-app';
import { createRegistrarHandles, REGISTRAR, startOrdersSandbox } from '../orders/support/sandbox-registry';

/**
 * LifecycleModule.forApp as the app wires it (beside OrdersModule.forApp, sharing its EPP pool), the
 * background worker on its timer: a lapse placed over HTTP reaches quarantine with no test hook.
 */
jest.setTimeout(120_000);

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, limitMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() - start > limitMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('LifecycleModule.forApp (issue 6, production wiring)', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('lifecycle_app');
    sandbox = await startOrdersSandbox(db);
    const env = loadEnv({
      DATABASE_URL: db.url,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'handoff-lifecycle-app-')),
      REGISTRAR_ADMIN_HANDLE: ADMIN,
      REGISTRAR_TECH_HANDLE: TECH,
      WORKER_ENABLED: 'true',
      WORKER_POLL_MS: '50',
      EPP_COMMAND_TIMEOUT_MS: '5000',
      LEDGER_CHECKPOINT_INTERVAL_MS: '0',
      RECIPIENTS_FILE: path.join(repoRoot, 'config', 'recipients.yaml'),
      API_CLIENTS_FILE: path.join(repoRoot, 'config', 'api-clients.yaml'),
      RETENTION_FILE: path.join(repoRoot, 'config', 'retention.yaml'),
    });
    const target = {
      host: sandbox.host,
      port: sandbox.port,
      caPem: sandbox.caCertPem,
      clientId: REGISTRAR.id,
      password: REGISTRAR.password,
    };
    const orders = OrdersModule.forApp(target);
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(env),
        TypeOrmModule.forRoot(dataSourceOptions(db.url)),
        AuthModule,
        RecipientsModule,
        LedgerModule,
        orders,
        LifecycleModule.forApp(orders, { registrarId: target.clientId }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    await createRegistrarHandles(app.get<GatedEppExecutor>(EPP_EXECUTOR));
  });
  afterAll(async () => {
    await app?.close();
    await sandbox?.stop();
    await db?.drop();
  });

  it('a lapse placed over HTTP is carried out by the background worker', async () => {
    const http = () => request(app.getHttpServer() as App);
    await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'lapse-app-1')
      .send({ domain: 'app-lapse.nl', customer: customer({ customerId: 'APP-1' }) })
      .expect(202);
    await until(
      async () =>
        (await db.dataSource.query(
          `SELECT status FROM registrations WHERE domain_name = 'app-lapse.nl'`,
        )) as { status: string }[],
      (rows) => rows[0]?.status === 'registered',
    );
    await http()
      .post('/v1/domains/app-lapse.nl/lapse')
      .set('Authorization', ORDER_TOKEN)
      .send({ mode: 'now' })
      .expect(201);
    const lapses = await until(
      async () =>
        (await http().get('/v1/domains/app-lapse.nl/lapse').set('Authorization', ORDER_TOKEN).expect(200))
          .body as { lapses: { status: string }[] },
      (b) => b.lapses[0]?.status === 'quarantine',
    );
    expect(lapses.lapses[0].status).toBe('quarantine');
    await http()
      .post('/v1/domains/app-lapse.nl/lapse')
      .set('Authorization', 'Bearer dev-auditor-token')
      .send({ mode: 'now' })
      .expect(403);
  });
});
