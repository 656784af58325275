import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../src/bootstrap';
import { EnvSchema, loadEnv } from '../../src/config/env.schema';
import { RegistryRuntime, startRegistry } from '../../src/registry-sidn/registry-runtime';
import { createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  env: EnvSchema;
  registry: RegistryRuntime;
  close(): Promise<void>;
}

/** Development bearer tokens from config/api-clients.yaml. */
export const TOKENS = {
  orderSystem: 'dev-order-system-token',
  auditor: 'dev-auditor-token',
  helpdesk: 'dev-helpdesk-token',
} as const;

/**
 * The real application on a fresh database, started as `npm start` starts it: with no EPP_HOST the
 * SIDN sandbox runs in-process over TLS on loopback. `env` overrides configuration for this test.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase('app');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'handoff-app-'));
  const config = loadEnv({
    WORKER_POLL_MS: '50',
    LOG_LEVEL: 'warn',
    LEDGER_CHECKPOINT_INTERVAL_MS: '0',
    DATA_DIR: dataDir,
    ...env,
    DATABASE_URL: db.url,
  });
  const registry = await startRegistry(config, db.url, () => undefined);
  const app = await createApp(config, db.url, registry.target, { logger: false });
  await app.init();
  return {
    app,
    db,
    env: config,
    registry,
    async close() {
      await app.close();
      await registry.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
