import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseRuntime {
  url: string;
  /** Stops the embedded server, if this process started one. */
  stop(): Promise<void>;
}

/**
 * The configured DATABASE_URL, or an embedded PostgreSQL whose data persists under
 * `<dataDir>/pg` (so `npm start` keeps its state across restarts). Runs every pending migration.
 */
export async function startDatabase(
  options: { databaseUrl?: string; dataDir: string },
  log: (line: string) => void = () => undefined,
): Promise<DatabaseRuntime> {
  let url = options.databaseUrl;
  let stop: () => Promise<void> = async () => undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, 'pg'), persistent: true });
    url = await ensureDatabase(server.adminUrl, 'handoff');
    stop = () => server.stop();
    log(`embedded PostgreSQL started on 127.0.0.1:${server.port} (data in ${path.join(options.dataDir, 'pg')})`);
  }
  await runMigrations(url);
  return { url, stop };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return url.toString();
}

export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
