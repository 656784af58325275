import 'reflect-metadata';
import { startDatabase } from '../database/database-bootstrap';
import { startSandbox } from './index';

/**
 * `npm run sandbox`: the SIDN sandbox on its own. Uses DATABASE_URL, or an embedded PostgreSQL under
 * .data/pg (database `handoff`, as `npm start` uses); runs the migrations; serves EPP on
 * 127.0.0.1:SANDBOX_PORT (default 7700) for the registrar SANDBOX_REGISTRAR_ID / SANDBOX_REGISTRAR_PASSWORD
 * (default handoff / Sandbox-Pass-1). The certificate is generated once under .data/sandbox.
 */
const log = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

export async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 7700);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('SANDBOX_PORT must be a port number');
  const database = await startDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '.data' }, (line) =>
    log({ event: 'database', message: line }),
  );
  const registrar = {
    id: process.env.SANDBOX_REGISTRAR_ID ?? 'handoff',
    password: process.env.SANDBOX_REGISTRAR_PASSWORD ?? 'Sandbox-Pass-1',
  };
  const sandbox = await startSandbox({
    databaseUrl: database.url,
    port,
    registrars: [registrar],
    logger: { info: log, warn: log },
  });
  process.stdout.write(
    `SIDN sandbox (Hello Registry profile) listening on ${sandbox.host}:${sandbox.port}\n` +
      `registrar: ${registrar.id}\nCA certificate: ${sandbox.caFile ?? '(configured)'}\n`,
  );
  const shutdown = async () => {
    await sandbox.stop();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
