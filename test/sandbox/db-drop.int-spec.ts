import { Client } from 'pg';
import { startSandbox, SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';

/** The sandbox runs inside the service: losing a database connection must not end the process. */
describe('sandbox when its database connections are terminated', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  const warnings: object[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('sbx_drop');
    sandbox = await startSandbox({
      databaseUrl: db.url,
      registrars: [{ id: 'drop-test', password: 'Drop-Test-Pw1' }],
      validateXsd: false,
      certDir: `/tmp/handoff-sbx-drop-${process.pid}`,
      logger: { info: () => undefined, warn: (o) => warnings.push(o) },
    });
  });

  afterAll(async () => {
    await sandbox.stop();
    await db.drop();
  });

  it('logs the error of an idle connection that died instead of crashing', async () => {
    await sandbox.frames(); // opens pool connections that then sit idle
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await admin.end();
    await new Promise((r) => setTimeout(r, 300));
    expect(warnings).toContainEqual(expect.objectContaining({ event: 'sandbox.db-error' }));
    await expect(sandbox.frames()).resolves.toEqual(expect.any(Array));
  });
});
