import { parseXml } from '../../src/epp/codec/xml';
import { CiraCode } from '../../src/sandbox';
import { contactCreate, contactInfo, pollReq } from './support/frames';
import { REG_B, SandboxFixture, startSandboxFixture } from './support/sandbox-fixture';

describe('SIDN sandbox: fault injection', () => {
  let f: SandboxFixture;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_faults');
  });
  afterAll(async () => {
    await f.stop();
  });
  afterEach(() => {
    f.sandbox.faults.clear();
    for (const c of f.clients.splice(0)) c.close();
  });

  async function exists(id: string): Promise<boolean> {
    const probe = await f.session();
    const code = (await probe.send(contactInfo(id))).code;
    probe.close();
    return code === 1000;
  }

  it('delay: holds the answer, then applies and answers normally', async () => {
    const c = await f.session();
    f.sandbox.faults.inject({ command: 'contact:create', mode: 'delay', delayMs: 700 });
    const started = Date.now();
    const r = await c.send(contactCreate({ id: 'f-delay' }));
    expect(r.code).toBe(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });

  it('drop-before-apply: closes the connection and the contact does not exist', async () => {
    const c = await f.session();
    f.sandbox.faults.inject({ command: 'contact:create', mode: 'drop-before-apply', times: 1 });
    await expect(c.send(contactCreate({ id: 'f-before' }))).rejects.toThrow('closed');
    expect(await exists('f-before')).toBe(false);
  });

  it('drop-after-apply: closes the connection without an answer, but the contact was created (the ambiguous case)', async () => {
    const c = await f.session();
    f.sandbox.faults.inject({ command: 'contact:create', mode: 'drop-after-apply', times: 1 });
    await expect(c.send(contactCreate({ id: 'f-after' }))).rejects.toThrow('closed');
    expect(await exists('f-after')).toBe(true);
    const frames = await f.sandbox.frames({ last: 50 });
    const lastCreate = frames.filter((x) => x.command === 'contact:create').pop();
    expect(lastCreate?.direction).toBe('in');
  });

  it('answer-2400: answers 2400 without applying; the session stays usable', async () => {
    const c = await f.session();
    f.sandbox.faults.inject({ command: 'contact:create', mode: 'answer-2400', times: 1 });
    const r = await c.send(contactCreate({ id: 'f-2400' }));
    expect([r.code, r.ciraCode]).toEqual([2400, CiraCode.InjectedFailure]);
    expect(await exists('f-2400')).toBe(false);
    expect((await c.send(contactCreate({ id: 'f-2400' }))).code).toBe(1000);
  });

  it('answer-2502-close: answers 2502 and closes without applying', async () => {
    const c = await f.session();
    f.sandbox.faults.inject({ command: 'contact:create', mode: 'answer-2502-close' });
    const r = await c.send(contactCreate({ id: 'f-2502' }));
    expect(r.code).toBe(2502);
    await c.waitClosed();
    f.sandbox.faults.clear();
    expect(await exists('f-2502')).toBe(false);
  });

  it('malformed: sends a frame that is not well-formed XML and does not apply', async () => {
    const c = await f.session();
    f.sandbox.faults.inject({ command: 'contact:create', mode: 'malformed', times: 1 });
    const sent = c.send(contactCreate({ id: 'f-bad' }));
    await expect(sent).rejects.toThrow();
    expect(await exists('f-bad')).toBe(false);
    const raw = (await f.sandbox.frames({ last: 20 }))
      .filter((x) => x.direction === 'out' && x.command === 'contact:create')
      .pop();
    expect(() => parseXml(raw!.xml)).toThrow();
  });

  it('matches "*", one registrar only, and a number of times', async () => {
    const a = await f.session();
    const b = await f.session(REG_B);
    f.sandbox.faults.inject({ command: '*', mode: 'answer-2400', times: 2, registrar: REG_B.id });
    expect((await a.send(pollReq())).code).toBe(1300);
    expect((await b.send(pollReq())).code).toBe(2400);
    expect((await b.send(contactInfo('x-x-x'))).code).toBe(2400);
    expect((await b.send(pollReq())).code).toBe(1300);
  });
});
