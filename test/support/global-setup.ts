import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';

declare global {
  var __HANDOFF_PG__: EmbeddedPostgresHandle | undefined;
}

/**
 * One PostgreSQL for the whole run: the configured DATABASE_URL, or a throw-away embedded server.
 * Each test file then creates its own database on it (test/support/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.HANDOFF_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'handoff-test-pg-'));
  chmodSync(root, 0o755); // as root, the server runs as the 'postgres' user and must reach it
  const dataDir = path.join(root, 'data');
  const handle = await startEmbeddedPostgres({ dataDir, persistent: false });
  globalThis.__HANDOFF_PG__ = handle;
  process.env.HANDOFF_TEST_ADMIN_URL = handle.adminUrl;
}
