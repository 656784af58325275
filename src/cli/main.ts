#!/usr/bin/env node
import 'reflect-metadata';
import { loadEnv } from '../config/env.schema';
import { startDatabase } from '../database/database-bootstrap';

/**
 * The operator command line: `npm run cli -- <area> <subcommand> [args]`.
 * Each area lives in its own file and exports `run<Area>Command(args): Promise<number>` (exit code).
 */
type Runner = (args: string[]) => Promise<number>;

const AREAS: Record<string, { describe: string; needsDatabase?: boolean; load: () => Promise<Runner> }> = {
  epp: {
    describe:
      'talk EPP to the configured registry (hello, login-test, check-domain, info-domain, info-contact, poll, decode)',
    load: async () => (await import('./epp.command')).runEppCommand,
  },
  sandbox: {
    describe: 'inspect the SIDN sandbox (frames --last N, reset)',
    needsDatabase: true,
    load: async () => (await import('./sandbox.command')).runSandboxCommand,
  },
  ledger: {
    describe: 'verify the disclosure ledger (verify, verify-bundle FILE)',
    needsDatabase: true,
    load: async () => (await import('./ledger.command')).runLedgerCommand,
  },
};

export async function runCli(argv: string[]): Promise<number> {
  const [area, ...rest] = argv;
  const entry = area ? AREAS[area] : undefined;
  if (!entry) {
    const lines = Object.entries(AREAS).map(([name, a]) => `  ${name.padEnd(8)} ${a.describe}`);
    process.stderr.write(`usage: handoff <area> <subcommand> [args]\n${lines.join('\n')}\n`);
    return area ? 2 : 0;
  }
  const run = await entry.load();
  if (!entry.needsDatabase) return run(rest);
  // The sandbox and ledger commands read the service's database: DATABASE_URL, the embedded server
  // a running `npm start` serves, or the embedded database started just for this command.
  const env = loadEnv();
  const database = await startDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  process.env.DATABASE_URL = database.url;
  try {
    return await run(rest);
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
