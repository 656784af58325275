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

  it.each([
    ['contact:create', 'accepted', 'ensure-contact'],
    ['domain:create', 'contact-ready', 'create-domain'],
  ])(
    'SIGKILL while %s is in flight; the restarted process finishes with one domain and one contact',
    async (command, statusAtKill, step) => {
      // The registry holds the command long enough for the kill; the restarted process cannot know
      // whether it was executed, so it must look (info) before creating again.
      sandbox.faults.inject({ command, mode: 'delay', delayMs: 4000, times: 1 });
      const first = await startProcess();
      const res = await request(first.url)
        .post('/v1/registrations')
        .set('Authorization', ORDER_TOKEN)
        .set('Idempotency-Key', `kill-${command}`)
        .send({
          domain: `killed-${command.split(':')[0]}.nl`,
          customer: customer({
            customerId: `KILL-${command}`,
            email: `kill-${command.split(':')[0]}@example.nl`,
          }),
        })
        .expect(202);
      const id = (res.body as { id: string }).id;
      for (let i = 0; i < 200; i++) {
        const frames = await sandbox.frames();
        const marker = command === 'contact:create' ? `kill-contact@example.nl` : `killed-domain.nl`;
        if (
          frames.some((f) => f.direction === 'in' && f.xml.includes(`<${command}`) && f.xml.includes(marker))
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      const mid = (await db.dataSource.query(`SELECT status FROM registrations WHERE id = $1`, [id])) as {
        status: string;
      }[];
      expect(mid[0].status).toBe(statusAtKill);

      await new Promise((r) => setTimeout(r, 4500)); // let the held command run out at the registry
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
      // The restarted process looked (info) before creating again.
      expect(body?.timeline.filter((e) => e.step === step).map((e) => e.status)).toContain('reconciled');
      const domain = `killed-${command.split(':')[0]}.nl`;
      const domains = (await db.dataSource.query(`SELECT registrant FROM sandbox.domain WHERE name = $1`, [
        domain,
      ])) as { registrant: string }[];
      expect(domains).toEqual([{ registrant: body?.handles.registrant }]);
      // Exactly one contact for this customer: this domain's registrant, and no other new one.
      const contacts = (await db.dataSource.query(
        `SELECT id FROM sandbox.contact WHERE id NOT IN ($1, $2)
           AND id NOT IN (SELECT registrant FROM sandbox.domain WHERE name <> $3)`,
        [ADMIN, TECH, domain],
      )) as { id: string }[];
      expect(contacts).toEqual([{ id: body?.handles.registrant }]);
      second.child.kill('SIGTERM');
    },
  );
});
