import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEppCommand } from '../../src/cli/epp.command';
import { contactCreate, domainCreate } from './support/frames';
import { REG_A, SandboxFixture, startSandboxFixture } from './support/sandbox-fixture';

class Capture {
  text = '';
  write(chunk: string | Uint8Array): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }
}

/** Issue 3 "done means": the protocol core's operator CLI works against the sandbox. */
describe('npm run cli -- epp ... against the SIDN sandbox', () => {
  let f: SandboxFixture;
  let args: string[];
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_eppcli');
    const ca = path.join(mkdtempSync(path.join(os.tmpdir(), 'handoff-sbx-cli-')), 'ca.pem');
    writeFileSync(ca, f.sandbox.caCertPem);
    args = [
      '--host',
      'localhost',
      '--port',
      String(f.sandbox.port),
      '--ca',
      ca,
      '--client-id',
      REG_A.id,
      '--password',
      REG_A.password,
    ];
    const c = await f.session();
    await c.send(contactCreate({ id: 'cli-reg' }));
    await c.send(
      domainCreate({ name: 'bezet.nl', registrant: 'cli-reg', admin: ['cli-reg'], tech: ['cli-reg'] }),
    );
    await f.sandbox.enqueuePoll(REG_A.id, 'Hello from the sandbox');
  });
  afterAll(async () => {
    await f.stop();
  });

  async function cli(sub: string[]) {
    const out = new Capture();
    const err = new Capture();
    const code = await runEppCommand([...sub, ...args], { out, err, env: {} });
    return { code, out: out.text, err: err.text };
  }

  it('epp hello prints the greeting and chooses the hello profile', async () => {
    const r = await cli(['hello']);
    expect([r.code, r.err]).toEqual([0, '']);
    const json = JSON.parse(r.out) as { extURIs: string[]; profile: string; svID: string };
    expect(json.extURIs).toContain('urn:ietf:params:xml:ns:fury-2.1');
    expect(json.svID).toBe('EPP Server Version: 8.0.4 (handoff-sidn-sandbox)');
    expect(json.profile).toBe('hello');
  });

  it('epp check-domain answers availability', async () => {
    const r = await cli(['check-domain', 'bezet.nl', 'vrij.nl']);
    expect([r.code, r.err]).toEqual([0, '']);
    const json = JSON.parse(r.out) as { resData?: { items?: { name: string; available: boolean }[] } };
    expect(json.resData?.items?.map((i) => [i.name, i.available])).toEqual([
      ['bezet.nl', false],
      ['vrij.nl', true],
    ]);
  });

  it('epp poll shows the queued message', async () => {
    const r = await cli(['poll']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Hello from the sandbox');
  });
});
