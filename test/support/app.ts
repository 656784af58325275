import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/bootstrap';
import { EnvSchema, loadEnv } from '../../src/config/env.schema';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  env: EnvSchema;
  close(): Promise<void>;
}

/** Development bearer tokens from config/api-clients.yaml. */
export const TOKENS = {
  orderSystem: 'dev-order-system-token',
  auditor: 'dev-auditor-token',
  helpdesk: 'dev-helpdesk-token',
} as const;

/** The real application on a fresh database; `env` overrides configuration for this test. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase('app');
  const config = loadEnv({ WORKER_POLL_MS: '50', LEDGER_CHECKPOINT_INTERVAL_MS: '0', ...env, DATABASE_URL: db.url });
  const app = await createApp(config, db.url, { logger: false });
  await app.init();
  return {
    app,
    db,
    env: config,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
