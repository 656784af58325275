import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    const running = runningEmbeddedDatabase(options.dataDir);
    if (running) {
      // Another process of ours (npm start, npm run sandbox) already serves this data folder.
      url = running;
    } else {
      const server = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, 'pg'),
        persistent: true,
      });
      const embeddedUrl = await ensureDatabase(server.adminUrl, 'handoff');
      url = embeddedUrl;
      const marker = path.join(options.dataDir, 'database.json');
      writeFileSync(marker, JSON.stringify({ url: embeddedUrl, pid: process.pid }) + '\n', { mode: 0o600 });
      stop = async () => {
        rmSync(marker, { force: true });
        await server.stop();
      };
      log(
        `embedded PostgreSQL started on 127.0.0.1:${server.port} (data in ${path.join(options.dataDir, 'pg')})`,
      );
    }
  }
  await runMigrations(url);
  return { url, stop };
}

/**
 * The URL of the embedded database another local process started on this data folder, if that
 * process is still alive (the operator CLI uses it while `npm start` runs).
 */
export function runningEmbeddedDatabase(dataDir: string): string | undefined {
  const marker = path.join(dataDir, 'database.json');
  if (!existsSync(marker)) return undefined;
  try {
    const { url, pid } = JSON.parse(readFileSync(marker, 'utf8')) as { url: string; pid: number };
    process.kill(pid, 0);
    return url;
  } catch {
    return undefined;
  }
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
