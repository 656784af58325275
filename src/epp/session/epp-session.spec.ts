import { MemoryLogger } from '../logging/epp-logger';
import { ManualClock } from './clock';
import { EppSession, SessionOptions } from './epp-session';
import { EppLoginError, EppOutcomeUnknownError, EppProtocolError, EppSessionClosedError } from './errors';
import { JsonGreeting, JsonResponse, jsonCodec, jsonCommand, jsonResponse } from './testing/json-codec';
import { JsonPeer, settle } from './testing/json-peer';

function setup(overrides: Partial<SessionOptions<JsonGreeting, JsonResponse>> = {}) {
  const peer = new JsonPeer();
  const clock = new ManualClock();
  const logger = new MemoryLogger();
  const options: SessionOptions<JsonGreeting, JsonResponse> = {
    connect: peer.connect,
    codec: jsonCodec,
    credentials: { clientId: 'registrar1', password: 'Secret-Password-1' },
    clock,
    logger,
    keepAliveMs: 60_000,
    maxSessionAgeMs: 3_600_000,
    commandTimeoutMs: 10_000,
    ...overrides,
  };
  return { peer, clock, logger, open: () => EppSession.open(options) };
}

const check = (name: string) => (ctx: { clTRID: string }) => jsonCommand(ctx.clTRID, 'domain:check', name);

describe(EppSession.name, () => {
  it('logs in with only the services the greeting offers and we support (RFC 5730 §2.9.1.1)', async () => {
    const { peer, open } = setup();
    const session = await open();
    expect(session.state).toBe('ready');
    const [login] = peer.commands('login');
    expect(login).toMatchObject({
      clientId: 'registrar1',
      objURIs: ['urn:ietf:params:xml:ns:domain-1.0'],
      extURIs: ['urn:ietf:params:xml:ns:fury-2.1'],
    });
    expect(session.profile).toBe('hello');
    expect(session.greeting.svID).toBe('json test server');
  });

  it('sends newPW when a new password is configured', async () => {
    const { peer, open } = setup({
      credentials: { clientId: 'r1', password: 'old-pass-123', newPassword: 'new-pass-456' },
    });
    await open();
    expect(peer.commands('login')[0]).toMatchObject({ newPassword: 'new-pass-456' });
  });

  it('rejects with EppLoginError and closes when the login is refused', async () => {
    const { peer, open } = setup();
    peer.loginCode = 2200;
    await expect(open()).rejects.toThrow(EppLoginError);
    await expect(open()).rejects.toMatchObject({ code: 2200 });
    await settle();
    expect(peer.connections[0].closed).toBe(true);
  });

  it('fails with EppProtocolError when no greeting arrives in time', async () => {
    const { peer, clock, open } = setup({ greetingTimeoutMs: 5_000 });
    peer.autoGreet = false;
    const opening = open();
    await settle();
    clock.advance(5_000);
    await expect(opening).rejects.toThrow(EppProtocolError);
  });

  it('returns the decoded answer with the frames sent and received', async () => {
    const { open } = setup();
    const session = await open();
    const exchange = await session.command(check('example.nl'));
    expect(exchange.response.results[0].code).toBe(1000);
    expect(exchange.response.trID.clTRID).toBe(exchange.clTRID);
    expect(JSON.parse(exchange.sent)).toMatchObject({ command: 'domain:check', objectId: 'example.nl' });
    expect(JSON.parse(exchange.received)).toMatchObject({ type: 'response' });
  });

  it('gives every command a unique clTRID of the form prefix-time-counter-random', async () => {
    const { open } = setup({ clTRIDPrefix: 'HOTEST' });
    const session = await open();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await session.command(check(`d${i}.nl`))).clTRID);
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^HOTEST-[0-9a-z]+-[0-9a-z]+-[0-9a-z]{6}$/);
  });

  it('never pipelines: the second command is sent only after the first is answered', async () => {
    const { peer, open } = setup();
    const session = await open();
    let release: (() => void) | undefined;
    peer.script = (frame) => {
      if (frame.type === 'command' && frame.objectId === 'first.nl') {
        release = () => peer.connections[0].send(jsonResponse(1000, frame.clTRID));
        return 'silence';
      }
      return undefined;
    };
    const first = session.command(check('first.nl'));
    const second = session.command(check('second.nl'));
    await settle();
    expect(peer.commands('command').map((f) => (f as { objectId: string }).objectId)).toEqual(['first.nl']);
    release!();
    await first;
    await second;
    expect(peer.commands('command').map((f) => (f as { objectId: string }).objectId)).toEqual([
      'first.nl',
      'second.nl',
    ]);
  });

  it('breaks the session when an answer carries another clTRID (RFC 5730 §2.6)', async () => {
    const { peer, open } = setup();
    const session = await open();
    peer.script = (frame) => (frame.type === 'command' ? jsonResponse(1000, 'SOMEONE-ELSE') : undefined);
    await expect(session.command(check('a.nl'))).rejects.toThrow(EppOutcomeUnknownError);
    expect(session.state).toBe('broken');
  });

  it('accepts an error answer without clTRID (the server could not parse the command)', async () => {
    const { peer, open } = setup();
    const session = await open();
    peer.script = (frame) => (frame.type === 'command' ? jsonResponse(2001, undefined) : undefined);
    const exchange = await session.command(check('a.nl'));
    expect(exchange.response.results[0].code).toBe(2001);
    expect(session.state).toBe('ready');
  });

  it('retires the session on a timeout and reports the outcome as unknown; a late answer is never used', async () => {
    const { peer, clock, open } = setup();
    const session = await open();
    peer.script = (frame) =>
      frame.type === 'command' && frame.objectId === 'slow.nl' ? 'silence' : undefined;
    const slow = session.command(check('slow.nl'));
    const next = session.command(check('next.nl'));
    await settle();
    clock.advance(10_000);
    const error = await slow.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EppOutcomeUnknownError);
    expect(error).toMatchObject({ command: 'domain:check' });
    // The queued command was never sent, so it may be retried elsewhere.
    await expect(next).rejects.toThrow(EppSessionClosedError);
    expect(session.state).toBe('broken');
    // The connection is gone, so no late answer can ever be read by this session.
    await settle();
    expect(peer.connections[0].closed).toBe(true);
    await expect(session.command(check('after.nl'))).rejects.toThrow(EppSessionClosedError);
    expect(peer.commands('command')).toHaveLength(1);
  });

  it('reports an unknown outcome when the connection drops during a command', async () => {
    const { peer, open } = setup();
    const session = await open();
    peer.script = (frame) => (frame.type === 'command' ? 'drop' : undefined);
    await expect(session.command(check('a.nl'))).rejects.toThrow(EppOutcomeUnknownError);
    expect(session.state).toBe('broken');
  });

  it('sends nothing when the encoder throws, and stays usable', async () => {
    const { peer, open } = setup();
    const session = await open();
    await expect(
      session.command(() => {
        throw new Error('invalid domain name');
      }),
    ).rejects.toThrow('invalid domain name');
    expect(peer.commands('command')).toHaveLength(0);
    expect(session.state).toBe('ready');
    await expect(session.command(check('ok.nl'))).resolves.toMatchObject({
      response: { results: [{ code: 1000 }] },
    });
  });

  it('awaits beforeSend with the exact frame before writing it; the timeout starts after it', async () => {
    const { peer, clock, open } = setup({ commandTimeoutMs: 1_000 });
    const session = await open();
    let release!: () => void;
    const seen: { xml: string; clTRID: string }[] = [];
    const pending = session.command(check('gated.nl'), {
      beforeSend: (frame) => {
        seen.push(frame);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await settle();
    expect(peer.commands('command')).toHaveLength(0);
    clock.advance(5_000); // longer than the command timeout: the frame has not left, so nothing times out
    release();
    const exchange = await pending;
    expect(seen).toEqual([{ xml: exchange.sent, clTRID: exchange.clTRID }]);
    expect(peer.commands('command')).toHaveLength(1);
  });

  it('sends nothing when beforeSend throws, and stays usable', async () => {
    const { peer, open } = setup();
    const session = await open();
    const refused = session.command(check('refused.nl'), {
      beforeSend: async () => {
        throw new Error('ledger refused');
      },
    });
    await expect(refused).rejects.toThrow('ledger refused');
    expect(peer.commands('command')).toHaveLength(0);
    await expect(session.command(check('ok.nl'))).resolves.toMatchObject({
      response: { results: [{ code: 1000 }] },
    });
  });

  it('accepts an answer without clTRID to a frame that carries none (extension-only, e.g. fury:command)', async () => {
    const { peer, open } = setup();
    const session = await open();
    peer.script = (frame) => (frame.type === 'command' ? jsonResponse(1000, undefined) : undefined);
    const exchange = await session.command(() => jsonCommand('', 'fury:info'));
    expect(exchange.response.results[0].code).toBe(1000);
    expect(session.state).toBe('ready');
  });

  it('breaks the session when a success answer to a frame with a clTRID echoes none', async () => {
    const { peer, open } = setup();
    const session = await open();
    peer.script = (frame) => (frame.type === 'command' ? jsonResponse(1000, undefined) : undefined);
    await expect(session.command(check('a.nl'))).rejects.toThrow(EppOutcomeUnknownError);
    expect(session.state).toBe('broken');
  });

  it('returns a 2502 answer, then closes the session (RFC 5730 §3, session ending)', async () => {
    const { peer, open } = setup();
    const session = await open();
    peer.script = (frame) => (frame.type === 'command' ? jsonResponse(2502, frame.clTRID) : undefined);
    const ended = new Promise<string>((resolve) => session.onEnd(resolve));
    const exchange = await session.command(check('a.nl'));
    expect(exchange.response.results[0].code).toBe(2502);
    expect(session.isUsable()).toBe(false);
    expect(await ended).toMatch(/2502/);
    expect(session.state).toBe('closed');
    expect(peer.commands('logout')).toHaveLength(0);
  });

  it('sends <hello/> after keepAliveMs idle, and not while commands keep it busy', async () => {
    const { peer, clock, open } = setup({ keepAliveMs: 60_000 });
    const session = await open();
    clock.advance(40_000);
    await session.command(check('a.nl'));
    clock.advance(40_000);
    await settle();
    expect(peer.commands('hello')).toHaveLength(0);
    clock.advance(20_000);
    await settle();
    expect(peer.commands('hello')).toHaveLength(1);
    clock.advance(60_000);
    await settle();
    expect(peer.commands('hello')).toHaveLength(2);
    expect(session.state).toBe('ready');
  });

  it('retires at the maximum session age with a logout', async () => {
    const { peer, clock, open } = setup({ keepAliveMs: 0, maxSessionAgeMs: 3_600_000 });
    const session = await open();
    const ended = new Promise<string>((resolve) => session.onEnd(resolve));
    clock.advance(3_600_000);
    expect(session.isUsable()).toBe(false);
    await ended;
    expect(peer.commands('logout')).toHaveLength(1);
    expect(session.state).toBe('closed');
  });

  it('logs out on close after the queued commands are done', async () => {
    const { peer, open } = setup();
    const session = await open();
    const pending = session.command(check('a.nl'));
    await session.close();
    await expect(pending).resolves.toMatchObject({ response: { results: [{ code: 1000 }] } });
    expect(peer.received.map((f) => f.type)).toEqual(['login', 'command', 'logout']);
    expect(session.state).toBe('closed');
    await expect(session.command(check('b.nl'))).rejects.toThrow(EppSessionClosedError);
  });

  it('breaks on an unsolicited frame', async () => {
    const { peer, open } = setup();
    const session = await open();
    peer.connections[0].send(jsonResponse(2500, undefined));
    await settle();
    expect(session.state).toBe('broken');
  });

  it('logs one line per command with ids and result code, never the password', async () => {
    const { logger, open } = setup();
    const session = await open();
    const exchange = await session.command(check('example.nl'));
    await session.close();
    const lines = logger.lines.filter((l) => l.line.event === 'epp.command').map((l) => l.line);
    expect(lines.map((l) => l.command)).toEqual(['login', 'domain:check', 'logout']);
    expect(lines[1]).toMatchObject({
      objectId: 'example.nl',
      clTRID: exchange.clTRID,
      svTRID: 'SV-domain:check',
      resultCode: 1000,
      outcome: 'completed',
      profile: 'hello',
    });
    expect(typeof lines[1].durationMs).toBe('number');
    expect(logger.text).not.toContain('Secret-Password-1');
  });
});
