import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../../../src/auth/auth.module';
import { createValidationPipe } from '../../../src/common/validation';
import { ConfigModule } from '../../../src/config/config.module';
import { loadEnv } from '../../../src/config/env.schema';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { LedgerModule } from '../../../src/ledger/ledger.module';
import { LedgerService } from '../../../src/ledger/ledger.service';
import { DISCLOSURE_LEDGER, DisclosureExtractor } from '../../../src/orders/disclosure-ledger.port';
import { OrdersModule } from '../../../src/orders/orders.module';
import { RegistrationWorker } from '../../../src/orders/registration-worker';
import { RegistrationsRepository } from '../../../src/orders/registrations.repository';
import { REGISTRY_PORT, RegistryPort } from '../../../src/orders/registry.port';
import type { WorkflowOptions } from '../../../src/orders/workflow.options';
import { createTestDatabase, TestDatabase } from '../../support/database';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export class TestClock {
  constructor(public t = Date.UTC(2026, 10, 25, 12, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface OrdersTestApp {
  app: INestApplication;
  db: TestDatabase;
  clock: TestClock;
  /** Real time (e2e) or the TestClock. */
  anyClock: { now(): number };
  worker: RegistrationWorker;
  ledger: LedgerService;
  /** Runs the workflow until no job is left, moving the clock to each retry. */
  settle(maxRounds?: number): Promise<void>;
  close(): Promise<void>;
}

export const ADMIN = 'HOADMIN1';
export const APP_DB_NAME = 'handoff-orders-app';

function withApplicationName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}
export const TECH = 'HOTECH1';

export interface TestAppSetup {
  /** Reuse a database (a restarted app); otherwise a fresh one is created and dropped on close. */
  db?: TestDatabase;
  masterKey?: string;
  dataDir?: string;
  extractDisclosure?: DisclosureExtractor;
  clock?: TestClock | { now(): number };
}

export async function createOrdersTestApp(
  registry: RegistryPort,
  options: Partial<WorkflowOptions> = {},
  setup: TestAppSetup = {},
): Promise<OrdersTestApp> {
  const db = setup.db ?? (await createTestDatabase('orders'));
  const ownsDb = !setup.db;
  const extractDisclosure = setup.extractDisclosure;
  const env = loadEnv({
    DATABASE_URL: db.url,
    MASTER_KEY: setup.masterKey ?? randomBytes(32).toString('base64'),
    DATA_DIR: setup.dataDir ?? mkdtempSync(path.join(tmpdir(), 'handoff-orders-')),
    REGISTRAR_ADMIN_HANDLE: ADMIN,
    REGISTRAR_TECH_HANDLE: TECH,
    WORKER_ENABLED: 'false',
    LEDGER_CHECKPOINT_INTERVAL_MS: '0',
    RECIPIENTS_FILE: path.join(repoRoot, 'config', 'recipients.yaml'),
    API_CLIENTS_FILE: path.join(repoRoot, 'config', 'api-clients.yaml'),
  });
  const clock: TestClock | { now(): number } = setup.clock ?? new TestClock();
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(env),
      // Named, so a test can end exactly this app's database sessions (a simulated crash).
      TypeOrmModule.forRoot(dataSourceOptions(withApplicationName(db.url, APP_DB_NAME))),
      AuthModule,
      LedgerModule,
      OrdersModule.register({
        imports: [LedgerModule],
        registry: { provide: REGISTRY_PORT, useValue: registry },
        ledger: { provide: DISCLOSURE_LEDGER, useExisting: LedgerService },
        ...(extractDisclosure ? { extractDisclosure } : {}),
        clock,
        options: { backoffBaseMs: 1000, backoffMaxMs: 8000, contactBusyWaitMs: 500, ...options },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  const worker = app.get(RegistrationWorker);
  const jobs = app.get(RegistrationsRepository);
  return {
    app,
    db,
    clock: clock instanceof TestClock ? clock : new TestClock(),
    anyClock: clock,
    worker,
    ledger: app.get(LedgerService),
    async settle(maxRounds = 50) {
      for (let i = 0; i < maxRounds; i++) {
        await worker.drain();
        const open = await jobs.openJobs();
        if (open.length === 0) return;
        const next = Math.min(...open.map((j) => j.runAt.getTime()));
        const now = clock.now();
        if (next > now) {
          if (clock instanceof TestClock) clock.t = next;
          else await new Promise((r) => setTimeout(r, Math.min(2000, next - now)));
        }
      }
      throw new Error('workflow did not settle');
    },
    async close() {
      await app.close();
      if (ownsDb) await db.drop();
    },
  };
}

export const ORDER_TOKEN = 'Bearer dev-order-system-token';
export const AUDITOR_TOKEN = 'Bearer dev-auditor-token';

export function customer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId: 'C-1001',
    name: 'Jan Jansen',
    street: ['Dorpsstraat 1'],
    postalCode: '1234 ab',
    city: 'Utrecht',
    countryCode: 'NL',
    phone: '06 12345678',
    email: 'jan@example.nl',
    iban: 'NL91ABNA0417164300',
    bsn: '123456782',
    dateOfBirth: '1970-01-01',
    loginName: 'jantje',
    notes: 'prefers phone calls',
    ...overrides,
  };
}
