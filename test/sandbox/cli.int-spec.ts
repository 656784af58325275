import { runSandboxCommand } from '../../src/cli/sandbox.command';
import { contactCreate, contactInfo } from './support/frames';
import { REG_A, SandboxFixture, startSandboxFixture } from './support/sandbox-fixture';

describe('npm run cli -- sandbox', () => {
  let f: SandboxFixture;
  const saved = process.env.DATABASE_URL;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_cli');
    process.env.DATABASE_URL = f.db.url;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
    await f.stop();
  });

  async function run(args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await runSandboxCommand(args, (s) => (out += s));
    return { code, out };
  }

  it('frames --last N prints the last N frames, oldest first', async () => {
    const c = await f.session();
    await c.send(contactCreate({ id: 'cli-1' }));
    const { code, out } = await run(['frames', '--last', '2', '--registrar', REG_A.id]);
    expect(code).toBe(0);
    const headers = out.split('\n').filter((l) => l.startsWith('--- '));
    expect(headers).toHaveLength(2);
    expect(headers[0]).toMatch(/>> in registrar=reg-a session=[0-9a-f]+ command=contact:create$/);
    expect(headers[1]).toMatch(/<< out registrar=reg-a .* command=contact:create$/);
    expect(out).toContain('<contact:id>cli-1</contact:id>');
    const json = JSON.parse((await run(['frames', '--last', '1', '--json'])).out);
    expect(json[0]).toMatchObject({ direction: 'out', command: 'contact:create', registrar: REG_A.id });
  });

  it('reset empties the objects and frames but keeps the registrar accounts', async () => {
    const c = await f.session();
    await c.send(contactCreate({ id: 'cli-2' }));
    expect((await run(['reset'])).code).toBe(0);
    expect((await run(['frames'])).out).toBe('no frames recorded\n');
    const d = await f.session();
    expect((await d.send(contactInfo('cli-2'))).code).toBe(2303);
  });

  it('rejects a bad subcommand or option with a usage exit code', async () => {
    expect((await run(['nope'])).code).toBe(2);
    expect((await run(['frames', '--last', 'x'])).code).toBe(1);
  });
});
