import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AuthModule } from '../../../src/auth/auth.module';
import { createValidationPipe } from '../../../src/common/validation';
import { ConfigModule } from '../../../src/config/config.module';
import { loadEnv } from '../../../src/config/env.schema';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { LedgerModule } from '../../../src/ledger/ledger.module';
import { LedgerService } from '../../../src/ledger/ledger.service';
import { LifecycleModule } from '../../../src/lifecycle/lifecycle.module';
import { LIFECYCLE_LEDGER, LifecycleLedgerPort } from '../../../src/lifecycle/lifecycle-ledger.port';
import { LIFECYCLE_EPP_EXECUTOR } from '../../../src/lifecycle/lifecycle-registry.port';
import { LifecycleWorker } from '../../../src/lifecycle/lifecycle.worker';
import { PollConsumer } from '../../../src/lifecycle/poll/poll-consumer';
import { DISCLOSURE_LEDGER } from '../../../src/orders/disclosure-ledger.port';
import type { GatedEppExecutor } from '../../../src/orders/epp/epp-executor';
import { OrdersModule } from '../../../src/orders/orders.module';
import { RegistrationWorker } from '../../../src/orders/registration-worker';
import { RegistrationsRepository } from '../../../src/orders/registrations.repository';
import { REGISTRY_PORT } from '../../../src/orders/registry.port';
import type { SandboxHandle } from '../../../src/sandbox';
import type { TestDatabase } from '../../support/database';
import { ADMIN, TECH } from '../../orders/support/orders-test-app';
import { REGISTRAR, sandboxAdapter } from '../../orders/support/sandbox-registry';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const ORDER_TOKEN = 'Bearer dev-order-system-token';
export const HELPDESK_TOKEN = 'Bearer dev-helpdesk-token';
export const DAY = 86_400_000;

export interface LifecycleTestApp {
  app: INestApplication;
  http(): ReturnType<typeof request>;
  lifecycle: LifecycleWorker;
  poll: PollConsumer;
  ledger: LedgerService;
  /** Runs the registration workflow until no job is left. */
  settleOrders(): Promise<void>;
  /** Runs every deletion step due at the sandbox's now, and drains the poll queue. */
  runLifecycle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The registrations and lifecycle modules together on one database, both talking EPP over TLS to
 * the sandbox through the same pooled executor, both on the sandbox's clock (so time travel moves
 * Handoff's notion of "now" with the registry's).
 */
export async function createLifecycleTestApp(
  db: TestDatabase,
  sandbox: SandboxHandle,
  executor: GatedEppExecutor,
  masterKey = randomBytes(32).toString('base64'),
  /** Wraps the ledger the lifecycle writes to (to make a step die at a chosen point). */
  wrapLedger?: (ledger: LedgerService) => LifecycleLedgerPort,
): Promise<LifecycleTestApp> {
  const env = loadEnv({
    DATABASE_URL: db.url,
    MASTER_KEY: masterKey,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'handoff-lifecycle-')),
    REGISTRAR_ADMIN_HANDLE: ADMIN,
    REGISTRAR_TECH_HANDLE: TECH,
    SANDBOX_REGISTRAR_ID: REGISTRAR.id,
    WORKER_ENABLED: 'false',
    LEDGER_CHECKPOINT_INTERVAL_MS: '0',
    RECIPIENTS_FILE: path.join(repoRoot, 'config', 'recipients.yaml'),
    API_CLIENTS_FILE: path.join(repoRoot, 'config', 'api-clients.yaml'),
    RETENTION_FILE: path.join(repoRoot, 'config', 'retention.yaml'),
  });
  const clock = { now: () => sandbox.clock.now() };
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(env),
      TypeOrmModule.forRoot(dataSourceOptions(db.url)),
      AuthModule,
      LedgerModule,
      OrdersModule.register({
        imports: [LedgerModule],
        registry: { provide: REGISTRY_PORT, useValue: sandboxAdapter(executor) },
        ledger: { provide: DISCLOSURE_LEDGER, useExisting: LedgerService },
        clock: { now: () => sandbox.clock.now().getTime() },
        options: { backoffBaseMs: 100, backoffMaxMs: 400, contactBusyWaitMs: 100, maxAttempts: 8 },
      }),
      LifecycleModule.register({
        imports: [LedgerModule],
        registry: { provide: LIFECYCLE_EPP_EXECUTOR, useValue: executor },
        ledger: wrapLedger
          ? { provide: LIFECYCLE_LEDGER, inject: [LedgerService], useFactory: wrapLedger }
          : { provide: LIFECYCLE_LEDGER, useExisting: LedgerService },
        clock,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  const orders = app.get(RegistrationWorker);
  const jobs = app.get(RegistrationsRepository);
  const lifecycle = app.get(LifecycleWorker);
  const poll = app.get(PollConsumer);
  return {
    app,
    http: () => request(app.getHttpServer() as App),
    lifecycle,
    poll,
    ledger: app.get(LedgerService),
    async settleOrders() {
      for (let i = 0; i < 50; i++) {
        await orders.drain();
        const open = await jobs.openJobs();
        if (open.length === 0) return;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error('registration workflow did not settle');
    },
    async runLifecycle() {
      // Until nothing more is due: a step's success can queue the next step for now.
      for (let i = 0; i < 10; i++) {
        const { polled, steps } = await lifecycle.runOnce(sandbox.clock.now());
        if (polled === 0 && steps === 0) return;
      }
    },
    async close() {
      await app.close();
    },
  };
}
