import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SandboxHandle, SandboxOptions, startSandbox } from '../../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../../support/database';
import { login } from './frames';
import { RawEppClient } from './raw-epp-client';

export const REG_A = { id: 'reg-a', password: 'secret-a-1' };
export const REG_B = { id: 'reg-b', password: 'secret-b-1' };

export interface SandboxFixture {
  db: TestDatabase;
  sandbox: SandboxHandle;
  clients: RawEppClient[];
  /** Connects, reads the greeting and logs in. */
  session(registrar?: { id: string; password: string }, extURIs?: string[]): Promise<RawEppClient>;
  connect(): Promise<RawEppClient>;
  stop(): Promise<void>;
}

export async function startSandboxFixture(
  prefix: string,
  options: Partial<SandboxOptions> = {},
): Promise<SandboxFixture> {
  const db = await createTestDatabase(prefix);
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'handoff-sandbox-cert-'));
  const sandbox = await startSandbox({
    databaseUrl: db.url,
    certDir,
    registrars: [REG_A, REG_B],
    ...options,
  });
  const clients: RawEppClient[] = [];
  const fixture: SandboxFixture = {
    db,
    sandbox,
    clients,
    async connect() {
      const c = await RawEppClient.connect(sandbox.port, sandbox.caCertPem);
      clients.push(c);
      await c.next(); // greeting
      return c;
    },
    async session(registrar = REG_A, extURIs) {
      const c = await fixture.connect();
      const r = await c.send(login(registrar.id, registrar.password, { extURIs }));
      if (r.code !== 1000) throw new Error(`login failed: ${r.code} ${r.reason ?? ''}`);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await sandbox.stop();
      await db.drop();
    },
  };
  return fixture;
}
