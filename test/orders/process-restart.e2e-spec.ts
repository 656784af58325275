import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { GatedEppExecutor } from '../../src/orders/epp/epp-executor';
import type { SandboxHandle } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';
import { ADMIN, customer, ORDER_TOKEN, repoRoot, TECH } from './support/orders-test-app';
import {
  createRegistrarHandles,
  REGISTRAR,
  sandboxExecutor,
  startOrdersSandbox,
} from './support/sandbox-registry';

/**
 * Issue 4 "Done means": the service process killed (SIGKILL) mid-workflow and restarted. The order
 * ends registered and the registry holds exactly one domain and one contact for it.
 */
jest.setTimeout(180_000);

describe('orders process killed mid-workflow and restarted (issue 4)', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  function startProcess(): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'ts-node', 'dist', 'bin.js'),
        '--transpile-only',
        path.join(__dirname, 'support', 'orders-process.ts'),
      ],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /LISTENING (\d+)/.exec(out);
        if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
      });
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => reject(new Error(`orders process exited (${code}): ${err.slice(0, 2000)}`)));
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase('orders_kill');
    sandbox = await startOrdersSandbox(db);
    const executor: GatedEppExecutor = sandboxExecutor(sandbox);
    await createRegistrarHandles(executor);
    await executor.close();
    const dir = mkdtempSync(path.join(tmpdir(), 'handoff-orders-kill-'));
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, sandbox.caCertPem);
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.url,
      DATA_DIR: dir,
      MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
      REGISTRAR_ADMIN_HANDLE: ADMIN,
      REGISTRAR_TECH_HANDLE: TECH,
      WORKER_ENABLED: 'true',
      WORKER_POLL_MS: '50',
      EPP_COMMAND_TIMEOUT_MS: '20000',
      LEDGER_CHECKPOINT_INTERVAL_MS: '0',
      RECIPIENTS_FILE: path.join(repoRoot, 'config', 'recipients.yaml'),
      API_CLIENTS_FILE: path.join(repoRoot, 'config', 'api-clients.yaml'),
      ORDERS_TEST_EPP_HOST: sandbox.host,
      ORDERS_TEST_EPP_PORT: String(sandbox.port),
      ORDERS_TEST_EPP_CA_FILE: caFile,
      ORDERS_TEST_EPP_CLIENT_ID: REGISTRAR.id,
      ORDERS_TEST_EPP_PASSWORD: REGISTRAR.password,
    };
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await sandbox.stop();
    await db.drop();
  });

  it('SIGKILL while domain:create is in flight; the restarted process finishes with one domain and one contact', async () => {
    // The registry applies the create but holds its answer long enough for the kill.
    sandbox.faults.inject({ command: 'domain:create', mode: 'delay', delayMs: 4000, times: 1 });
    const first = await startProcess();
    const res = await request(first.url)
      .post('/v1/registrations')
      .set('Authorization', ORDER_TOKEN)
      .set('Idempotency-Key', 'kill-1')
      .send({ domain: 'killed.nl', customer: customer({ customerId: 'KILL-1' }) })
      .expect(202);
    const id = (res.body as { id: string }).id;
    for (let i = 0; i < 200; i++) {
      const frames = await sandbox.frames();
      if (frames.some((f) => f.direction === 'in' && f.xml.includes('<domain:create'))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const mid = (await db.dataSource.query(`SELECT status FROM registrations WHERE id = $1`, [id])) as {
      status: string;
    }[];
    expect(mid[0].status).toBe('contact-ready');

    await new Promise((r) => setTimeout(r, 4500)); // the held answer goes nowhere; the create stands
    const second = await startProcess();
    let body:
      | { status: string; handles: { registrant: string }; timeline: { step: string; status: string }[] }
      | undefined;
    for (let i = 0; i < 200; i++) {
      body = (await request(second.url).get(`/v1/registrations/${id}`).set('Authorization', ORDER_TOKEN))
        .body as typeof body;
      if (body && ['registered', 'failed', 'needs-attention'].includes(body.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(body?.status).toBe('registered');
    expect(body?.timeline.filter((e) => e.step === 'create-domain').map((e) => e.status)).toContain(
      'reconciled',
    );
    const domains = (await db.dataSource.query(
      `SELECT registrant FROM sandbox.domain WHERE name = 'killed.nl'`,
    )) as {
      registrant: string;
    }[];
    expect(domains).toEqual([{ registrant: body?.handles.registrant }]);
    const contacts = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM sandbox.contact WHERE id NOT IN ($1, $2)`,
      [ADMIN, TECH],
    )) as { n: number }[];
    expect(contacts[0].n).toBe(1);
    second.child.kill('SIGTERM');
  });
});
