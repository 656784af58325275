import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AuthModule } from '../../src/auth/auth.module';
import { createValidationPipe } from '../../src/common/validation';
import { ConfigModule } from '../../src/config/config.module';
import { loadEnv } from '../../src/config/env.schema';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { LedgerModule } from '../../src/ledger/ledger.module';
import { EPP_EXECUTOR, OrdersModule } from '../../src/orders/orders.module';
import type { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import { ensureRegistrarHandles } from '../../src/orders/epp/registrar-handles';
import { RecipientsModule } from '../../src/recipients/recipients.module';
import type { SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ADMIN, customer, ORDER_TOKEN, repoRoot, TECH } from './support/orders-test-app';
import { createRegistrarHandles, REGISTRAR, startOrdersSandbox } from './support/sandbox-registry';

/**
 * OrdersModule.forApp as the app wires it: env-configured EPP pool over TLS, the LedgerService, the
 * background worker polling the outbox (WORKER_ENABLED), no test hooks into the workflow.
 */
jest.setTimeout(120_000);

describe('OrdersModule.forApp (issue 4, production wiring)', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase('orders_app');
    sandbox = await startOrdersSandbox(db);
    const env = loadEnv({
      DATABASE_URL: db.url,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'handoff-orders-app-')),
      REGISTRAR_ADMIN_HANDLE: ADMIN,
      REGISTRAR_TECH_HANDLE: TECH,
      WORKER_ENABLED: 'true',
      WORKER_POLL_MS: '50',
      EPP_COMMAND_TIMEOUT_MS: '5000',
      LEDGER_CHECKPOINT_INTERVAL_MS: '0',
      RECIPIENTS_FILE: path.join(repoRoot, 'config', 'recipients.yaml'),
      API_CLIENTS_FILE: path.join(repoRoot, 'config', 'api-clients.yaml'),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(env),
        TypeOrmModule.forRoot(dataSourceOptions(db.url)),
        AuthModule,
        RecipientsModule,
        LedgerModule,
        OrdersModule.forApp({
          host: sandbox.host,
          port: sandbox.port,
          caPem: sandbox.caCertPem,
          clientId: REGISTRAR.id,
          password: REGISTRAR.password,
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    await createRegistrarHandles(app.get<GatedEppExecutor>(EPP_EXECUTOR));
  });
  afterAll(async () => {
    await app.close();
    await sandbox.stop();
    await db.drop();
  });

  it('ensureRegistrarHandles looks first: the handles exist, nothing is created again', async () => {
    const created = await ensureRegistrarHandles(app.get<GatedEppExecutor>(EPP_EXECUTOR), [ADMIN, TECH], {
      name: 'x',
      org: 'x',
      street: ['x'],
      city: 'x',
      pc: '1234AB',
      cc: 'NL',
      voice: '+31.302345678',
      email: 'x@example.nl',
    });
    expect(created).toEqual([]);
  });

  it('the OpenAPI document describes the order routes, their body and their bearer auth', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build());
    expect(Object.keys(doc.paths).sort()).toEqual(
      expect.arrayContaining(['/v1/registrations', '/v1/registrations/preview', '/v1/registrations/{id}']),
    );
    const post = doc.paths['/v1/registrations'].post;
    expect(post?.responses['202']).toBeDefined();
    expect(JSON.stringify(post?.requestBody)).toContain('CreateRegistrationDto');
    expect(doc.components?.schemas?.CustomerDto).toBeDefined();
    expect(post?.security).toEqual([{ bearer: [] }]);
  });

  it('an order placed over HTTP is registered by the background worker', async () => {
    const http = () => request(app.getHttpServer() as App);
    const res = await http()
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'app-1')
      .send({ domain: 'wired.nl', customer: customer({ customerId: 'APP-1' }) })
      .expect(202);
    const id = (res.body as { id: string }).id;
    let status = 'accepted';
    for (let i = 0; i < 100 && status !== 'registered' && status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (
        (await http().get(`/v1/registrations/${id}`).set('Authorization', ORDER_TOKEN)).body as {
          status: string;
        }
      ).status;
    }
    expect(status).toBe('registered');
    const rows = (await db.dataSource.query(
      `SELECT registrant, admin, tech FROM sandbox.domain WHERE name = 'wired.nl'`,
    )) as unknown[];
    expect(rows).toHaveLength(1);
  });
});
