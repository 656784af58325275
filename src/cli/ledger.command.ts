import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';
import { verifyBundle } from '../ledger/bundle/bundle';
import { Ed25519NoteSigner, NoteVerifier, parseVerifierKey } from '../ledger/checkpoint/signed-note';
import { DEV_KEY_FILE, parseSigningKey } from '../ledger/checkpoint/signing-key';
import { verifyStoredLedger } from '../ledger/ledger-audit';
import { ledgerConfigFromEnv } from '../ledger/ledger.config';
import { LedgerRepository } from '../ledger/ledger.repository';

export interface LedgerCommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo: LedgerCommandIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
};

const USAGE = `usage: handoff ledger verify [--key VERIFIER_KEY] [--json]
       handoff ledger verify-bundle FILE [--key VERIFIER_KEY] [--json]

verify         recomputes every leaf and the tree from the database (DATABASE_URL), checks every
               checkpoint's signature and root, and names the first entry that does not match.
               The verifier key defaults to the one of the configured LEDGER_SIGNING_KEY (or the
               development key under DATA_DIR); pass --key to check against a key you hold.
verify-bundle  verifies an auditor's proof bundle offline. Without --key the bundle's own key is
               used, which proves only that the bundle is self-consistent.
`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function positional(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--key') i++;
    else if (!args[i].startsWith('--')) out.push(args[i]);
  }
  return out;
}

/** The verifier for `verify`: --key, or derived from the configured (or development) signing key. */
function verifierFor(
  args: string[],
  env: NodeJS.ProcessEnv,
): { verifier: NoteVerifier; origin: string } | undefined {
  const key = option(args, '--key');
  const config = ledgerConfigFromEnv(env);
  if (key) {
    const verifier = parseVerifierKey(key);
    return { verifier, origin: verifier.name };
  }
  let text = config.signingKey;
  const devFile = path.resolve(config.dataDir, DEV_KEY_FILE);
  if (!text && existsSync(devFile)) text = readFileSync(devFile, 'utf8');
  if (!text) return undefined;
  return {
    verifier: new Ed25519NoteSigner(config.origin, parseSigningKey(text)).verifier(),
    origin: config.origin,
  };
}

async function verifyDatabase(args: string[], io: LedgerCommandIo): Promise<number> {
  const url = io.env.DATABASE_URL;
  if (!url) {
    io.err('ledger verify: DATABASE_URL is not set\n');
    return 2;
  }
  const key = verifierFor(args, io.env);
  if (!key) {
    io.err('ledger verify: no verifier key: pass --key or set LEDGER_SIGNING_KEY\n');
    return 2;
  }
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const result = await verifyStoredLedger(new LedgerRepository(dataSource), [key.verifier], key.origin);
    if (args.includes('--json')) io.out(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.ok) {
      io.out(
        `ledger OK: ${result.entries} entries, ${result.checkpoints} checkpoints, root ${result.rootHash}\n`,
      );
    } else {
      const m = result.firstMismatch!;
      const where =
        m.seq !== null ? `entry seq ${m.seq} (leaf ${m.leafIndex})` : `checkpoint ${m.checkpointId}`;
      io.out(`ledger MISMATCH at ${where}: ${m.reason}\n`);
    }
    return result.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

function verifyBundleFile(args: string[], io: LedgerCommandIo): number {
  const [file] = positional(args);
  if (!file) {
    io.err(USAGE);
    return 2;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    io.err(`ledger verify-bundle: cannot read ${file} as JSON\n`);
    return 2;
  }
  const key = option(args, '--key');
  const result = verifyBundle(bundle, key ? { trustedVerifierKey: key } : {});
  if (args.includes('--json')) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.ok) {
    io.out(
      `bundle OK: ${result.verifiedEntries} entries included in the checkpoint of tree size ${result.treeSize}` +
        `${key ? '' : ' (signed by the key inside the bundle; pass --key to pin the key you trust)'}\n`,
    );
  } else {
    io.out(`bundle INVALID:\n${result.errors.map((e) => `  ${e}\n`).join('')}`);
  }
  return result.ok ? 0 : 1;
}

/** `handoff ledger <verify|verify-bundle> ...`; returns the exit code. */
export async function runLedgerCommand(args: string[], io: LedgerCommandIo = defaultIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'verify':
      return verifyDatabase(rest, io);
    case 'verify-bundle':
      return verifyBundleFile(rest, io);
    default:
      io.err(USAGE);
      return sub ? 2 : 0;
  }
}
