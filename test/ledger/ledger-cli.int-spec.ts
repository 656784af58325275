import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { LedgerCommandIo, runLedgerCommand } from '../../src/cli/ledger.command';
import { ed25519PrivateKeyFromSeed, Ed25519NoteSigner } from '../../src/ledger/checkpoint/signed-note';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { LedgerService } from '../../src/ledger/ledger.service';
import { recipientPolicyFromDeclarations } from '../../src/ledger/recipient-policy';
import { createTestDatabase, TestDatabase } from '../support/database';
import { REGISTER, sidnIntent, steppingClock } from './ledger-fixture';

const ORIGIN = 'handoff.cli-test/ledger';

function capture(env: NodeJS.ProcessEnv): LedgerCommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    env,
    out: (t) => (out += t),
    err: (t) => (err += t),
    stdout: () => out,
    stderr: () => err,
  };
}

describe('handoff ledger (CLI)', () => {
  let db: TestDatabase;
  let service: LedgerService;
  const seed = randomBytes(32);
  const signer = new Ed25519NoteSigner(ORIGIN, ed25519PrivateKeyFromSeed(seed));
  const env = () => ({
    DATABASE_URL: db.url,
    LEDGER_SIGNING_KEY: seed.toString('base64'),
    LEDGER_ORIGIN: ORIGIN,
  });

  beforeAll(async () => {
    db = await createTestDatabase('ledger_cli');
    service = new LedgerService(
      new LedgerRepository(db.dataSource),
      recipientPolicyFromDeclarations(REGISTER),
      { origin: ORIGIN, signer },
      steppingClock(),
    );
    for (let i = 0; i < 3; i++) await service.recordIntent(sidnIntent({ subjectId: 'subj_cli' }));
    await service.issueCheckpoint();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('verify exits 0 on an intact ledger, with the key from LEDGER_SIGNING_KEY', async () => {
    const io = capture(env());
    await expect(runLedgerCommand(['verify'], io)).resolves.toBe(0);
    expect(io.stdout()).toMatch(/^ledger OK: 3 entries, 1 checkpoints/);
  });

  it('verify exits 1 when checked against another key than the one that signed', async () => {
    const other = new Ed25519NoteSigner(ORIGIN, ed25519PrivateKeyFromSeed(randomBytes(32)));
    const io = capture({ DATABASE_URL: db.url });
    await expect(runLedgerCommand(['verify', '--key', other.verifierKey()], io)).resolves.toBe(1);
    expect(io.stdout()).toContain('does not verify');
  });

  it('verify-bundle checks an exported bundle offline, pinned to the verifier key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-bundle-'));
    const file = path.join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(await service.bundleForSubject('subj_cli')));
    const ok = capture({});
    await expect(runLedgerCommand(['verify-bundle', file, '--key', signer.verifierKey()], ok)).resolves.toBe(
      0,
    );
    expect(ok.stdout()).toContain('bundle OK: 3 entries');
    const bundle = JSON.parse(JSON.stringify(await service.bundleForSubject('subj_cli'))) as {
      entries: { entry: string }[];
    };
    bundle.entries[1].entry = bundle.entries[1].entry.replace('epp:contact:create', 'epp:contact:update');
    writeFileSync(file, JSON.stringify(bundle));
    const bad = capture({});
    await expect(runLedgerCommand(['verify-bundle', file], bad)).resolves.toBe(1);
    expect(bad.stdout()).toContain('leaf 1:');
  });

  it('verify names the first bad entry and exits 1 after an edit behind the application', async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(`SET session_replication_role = replica`);
      await c.query(
        `UPDATE ledger_entry SET entry = replace(entry, 'voorbeeld.nl', 'ander.nl') WHERE leaf_index = 1`,
      );
    } finally {
      await c.end();
    }
    const io = capture(env());
    await expect(runLedgerCommand(['verify'], io)).resolves.toBe(1);
    expect(io.stdout()).toMatch(/^ledger MISMATCH at entry seq \d+ \(leaf 1\): /);
  });

  it('answers usage errors with exit code 2', async () => {
    await expect(runLedgerCommand(['verify'], capture({}))).resolves.toBe(2);
    await expect(runLedgerCommand(['verify-bundle'], capture({}))).resolves.toBe(2);
    await expect(runLedgerCommand(['frobnicate'], capture({}))).resolves.toBe(2);
  });
});
