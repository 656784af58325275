import { EppClient } from '../../src/epp/client/epp-client';
import { encodeContactCreate, encodeDomainCheck } from '../../src/epp/codec/commands';
import { NS } from '../../src/epp/codec/namespaces';
import { MemoryLogger } from '../../src/epp/logging/epp-logger';
import { PoolTimeoutError } from '../../src/epp/pool/session-pool';
import { ManualClock } from '../../src/epp/session/clock';
import { createSessionCodec } from '../../src/epp/session/default-codec';
import { EppSession } from '../../src/epp/session/epp-session';
import { EppOutcomeUnknownError, EppProtocolError } from '../../src/epp/session/errors';
import { connectTls, TlsConnectError } from '../../src/epp/transport/tls-connection';
import { SUPPORTED_SERVICES } from '../../src/registry-sidn/profiles';
import {
  generateTestCertificates,
  ScriptedEppServer,
  TestCertificates,
} from '../support/scripted-epp-server';

const CLIENT_ID = 'registrar1';
const PASSWORD = 'Very-Secret-Login-Pw1';

/** Waits (real time, bounded) until `condition` holds; for I/O on loopback, never for speed. */
async function until(condition: () => boolean, what: string, limitMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const check = (name: string) => encodeDomainCheck.bind(null, { names: [name] });

describe('EPP sessions over real TLS (RFC 5734)', () => {
  let certs: TestCertificates;
  let server: ScriptedEppServer;
  const clients: EppClient[] = [];

  beforeAll(async () => {
    certs = await generateTestCertificates();
  });

  beforeEach(async () => {
    server = await ScriptedEppServer.start({ clientId: CLIENT_ID, password: PASSWORD }, certs);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server.close();
  });

  function client(
    overrides: {
      clock?: ManualClock;
      logger?: MemoryLogger;
      maxSessions?: number;
      acquireTimeoutMs?: number;
      commandTimeoutMs?: number;
      keepAliveMs?: number;
    } = {},
  ): EppClient {
    const c = EppClient.create({
      tls: { host: '127.0.0.1', port: server.port, servername: 'localhost', ca: certs.ca },
      credentials: { clientId: CLIENT_ID, password: PASSWORD },
      supported: SUPPORTED_SERVICES,
      clock: overrides.clock,
      logger: overrides.logger,
      session: {
        commandTimeoutMs: overrides.commandTimeoutMs ?? 10_000,
        keepAliveMs: overrides.keepAliveMs ?? 0,
      },
      pool: {
        maxSessions: overrides.maxSessions ?? 2,
        acquireTimeoutMs: overrides.acquireTimeoutMs ?? 10_000,
        backoff: { initialMs: 10, maxMs: 50 },
      },
    });
    clients.push(c);
    return c;
  }

  it('logs in announcing only the services the greeting offers and we support (RFC 5730 §2.9.1.1)', async () => {
    const c = client();
    const exchange = await c.command(check('example.nl'));
    expect(exchange.response.results[0].code).toBe(1000);
    expect(exchange.response.trID.clTRID).toBe(exchange.clTRID);
    const [login] = server.commands('login');
    const svcs = login.xml;
    expect(svcs).toContain(`<objURI>${NS.domain}</objURI>`);
    expect(svcs).toContain(`<extURI>${NS.fury}</extURI>`);
    expect(svcs).toContain(`<extURI>${NS.secDNS}</extURI>`);
    // Offered by the server but not supported by us: never announced.
    expect(svcs).not.toContain('launch-1.0');
    // Supported by us for DRS5 but not offered: never announced.
    expect(svcs).not.toContain(NS.sidn);
    await c.withSession(async (s) => expect(s.profile).toBe('hello'));
  });

  it('sends a keep-alive <hello/> when idle, driven by the injected clock', async () => {
    const clock = new ManualClock();
    const c = client({ clock, keepAliveMs: 300_000 });
    await c.command(check('a.nl'));
    clock.advance(299_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.commands('hello')).toHaveLength(0);
    clock.advance(1_000);
    await until(() => server.commands('hello').length === 1, 'keep-alive hello');
    await c.command(check('b.nl'));
    expect(server.openConnections).toBe(1);
  });

  it('reconnects and logs in again after the connection drops', async () => {
    const c = client({ maxSessions: 1 });
    await c.command(check('a.nl'));
    server.dropAll();
    await until(() => c.stats().open === 0, 'the pool to notice the drop');
    const exchange = await c.command(check('b.nl'));
    expect(exchange.response.results[0].code).toBe(1000);
    expect(server.commands('login')).toHaveLength(2);
    expect(c.stats()).toMatchObject({ open: 1, reconnects: 1 });
  });

  it('retires a session whose command timed out: outcome unknown, the late answer is never read', async () => {
    const clock = new ManualClock();
    const c = client({ clock, maxSessions: 1, commandTimeoutMs: 30_000 });
    await c.command(check('warmup.nl'));
    server.script = (cmd) => (cmd.xml.includes('slow.nl') ? 'silence' : undefined);
    const slow = c.command(check('slow.nl'));
    await until(() => server.received.some((r) => r.xml.includes('slow.nl')), 'the slow command');
    clock.advance(30_000);
    const error = await slow.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EppOutcomeUnknownError);
    const slowCommand = server.received.find((r) => r.xml.includes('slow.nl'))!;
    expect(error).toMatchObject({ clTRID: slowCommand.clTRID, command: 'domain:check' });
    // The answer arrives late on the old connection (if it is still there at all).
    server.sendOn(0, server.responseXml(1000, slowCommand.clTRID));
    const next = await c.command(check('next.nl'));
    expect(next.response.trID.clTRID).toBe(next.clTRID);
    expect(server.received.find((r) => r.xml.includes('next.nl'))!.connection).toBe(1);
  });

  it('returns a 2502 answer and replaces the session (RFC 5730 §3)', async () => {
    const c = client({ maxSessions: 1 });
    server.script = (cmd) =>
      cmd.xml.includes('limit.nl')
        ? { code: 2502, message: 'Session limit exceeded; server closing connection', thenClose: true }
        : undefined;
    const ending = await c.command(check('limit.nl'));
    expect(ending.response.results[0].code).toBe(2502);
    const after = await c.command(check('after.nl'));
    expect(after.response.results[0].code).toBe(1000);
    expect(server.commands('login')).toHaveLength(2);
    expect(server.commands('logout')).toHaveLength(0);
  });

  it('opens at most maxSessions connections; further callers wait their turn', async () => {
    const c = client({ maxSessions: 2 });
    server.script = (cmd) => (cmd.verb === 'check' ? { code: 1000, delayMs: 30 } : undefined);
    let maxOpen = 0;
    let maxWaiting = 0;
    const jobs = Array.from({ length: 6 }, (_, i) => c.command(check(`d${i}.nl`)));
    const watcher = setInterval(() => {
      maxOpen = Math.max(maxOpen, server.openConnections);
      maxWaiting = Math.max(maxWaiting, c.stats().waiting);
    }, 2);
    const results = await Promise.all(jobs);
    clearInterval(watcher);
    expect(results.map((r) => r.response.results[0].code)).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(server.commands('login')).toHaveLength(2);
    expect(maxOpen).toBeLessThanOrEqual(2);
    expect(maxWaiting).toBeGreaterThan(0);
  });

  it('rejects with PoolTimeoutError when no session frees up in time', async () => {
    const clock = new ManualClock();
    const c = client({ clock, maxSessions: 1, acquireTimeoutMs: 5_000, commandTimeoutMs: 60_000 });
    server.script = (cmd) => (cmd.xml.includes('held.nl') ? { code: 1000, delayMs: 200 } : undefined);
    const held = c.command(check('held.nl'));
    await until(() => server.received.some((r) => r.xml.includes('held.nl')), 'the held command');
    const waiting = c.command(check('waiting.nl'));
    await until(() => c.stats().waiting === 1, 'a waiting caller');
    clock.advance(5_000);
    await expect(waiting).rejects.toThrow(PoolTimeoutError);
    await expect(held).resolves.toMatchObject({ response: { results: [{ code: 1000 }] } });
  });

  it('changes the password once with newPW; later sessions log in with the new one', async () => {
    const open = await ScriptedEppServer.start({}, certs);
    const c = EppClient.create({
      tls: { host: '127.0.0.1', port: open.port, servername: 'localhost', ca: certs.ca },
      credentials: { clientId: CLIENT_ID, password: 'Old-Password-123', newPassword: 'New-Password-456' },
      supported: SUPPORTED_SERVICES,
      session: { keepAliveMs: 0 },
      pool: { maxSessions: 1, backoff: { initialMs: 10, maxMs: 50 } },
    });
    clients.push(c);
    await c.command(check('a.nl'));
    open.dropAll();
    await until(() => c.stats().open === 0, 'the pool to notice the drop');
    await c.command(check('b.nl'));
    const [first, second] = open.commands('login').map((l) => l.xml);
    expect(first).toContain('<pw>Old-Password-123</pw>');
    expect(first).toContain('<newPW>New-Password-456</newPW>');
    expect(second).toContain('<pw>New-Password-456</pw>');
    expect(second).not.toContain('newPW');
    await c.close();
    await open.close();
  });

  it('keeps retrying a refused login with back-off and reports it, without the password, on timeout', async () => {
    const clock = new ManualClock();
    const c = EppClient.create({
      tls: { host: '127.0.0.1', port: server.port, servername: 'localhost', ca: certs.ca },
      credentials: { clientId: CLIENT_ID, password: 'Wrong-Password-000' },
      supported: SUPPORTED_SERVICES,
      clock,
      random: () => 0.5,
      session: { keepAliveMs: 0 },
      pool: { maxSessions: 1, acquireTimeoutMs: 10_000, backoff: { initialMs: 1_000, maxMs: 4_000 } },
    });
    clients.push(c);
    const pending = c.command(check('a.nl'));
    await until(() => c.stats().consecutiveFailures === 1, 'the first refused login');
    clock.advance(1_000);
    await until(() => c.stats().consecutiveFailures === 2, 'the retried login');
    clock.advance(9_000);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolTimeoutError);
    expect((error as Error).message).toContain('login refused: 2200 Authentication error');
    expect((error as Error).message).not.toContain('Wrong-Password-000');
    expect(c.stats().open).toBe(0);
    expect(c.stats().lastError).toContain('EppLoginError');
    expect(server.commands('login').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a server whose certificate the configured CA did not sign', async () => {
    const other = await generateTestCertificates();
    await expect(
      connectTls({
        host: '127.0.0.1',
        port: server.port,
        servername: 'localhost',
        ca: other.ca,
        connectTimeoutMs: 5_000,
      }),
    ).rejects.toThrow(TlsConnectError);
    expect(server.commands()).toHaveLength(0);
  });

  it('closes the connection with a FrameError on a bogus frame length', async () => {
    const session = await EppSession.open({
      connect: () =>
        connectTls({
          host: '127.0.0.1',
          port: server.port,
          servername: 'localhost',
          ca: certs.ca,
          maxFrameBytes: 65_536,
        }),
      codec: createSessionCodec(SUPPORTED_SERVICES),
      credentials: { clientId: CLIENT_ID, password: PASSWORD },
      keepAliveMs: 0,
    });
    server.script = () => 'silence';
    const pending = session.command(check('x.nl'));
    await until(() => server.received.some((r) => r.xml.includes('x.nl')), 'the command');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0x7fffffff, 0); // 2 GB announced: never allocated
    server.sockets[0].write(header);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EppOutcomeUnknownError);
    expect((error as EppOutcomeUnknownError).reason).toMatch(
      /frame length 2147483647 exceeds the maximum of 65536/,
    );
    expect(session.state).toBe('broken');
  });

  it('fails cleanly when the server never greets', async () => {
    const mute = await ScriptedEppServer.start({ silentGreeting: true }, certs);
    const clock = new ManualClock();
    const opening = EppSession.open({
      connect: () =>
        connectTls({ host: '127.0.0.1', port: mute.port, servername: 'localhost', ca: certs.ca }),
      codec: createSessionCodec(SUPPORTED_SERVICES),
      credentials: { clientId: CLIENT_ID, password: PASSWORD },
      clock,
      greetingTimeoutMs: 1_000,
    });
    await until(() => mute.sockets.length === 1, 'the connection');
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(1_000);
    await expect(opening).rejects.toThrow(EppProtocolError);
    await mute.close();
  });

  it('never logs the login password or a contact e-mail address', async () => {
    const logger = new MemoryLogger();
    const c = client({ logger });
    const exchange = await c.command((ctx) =>
      encodeContactCreate(
        {
          id: 'hX7k2p9QaB',
          postalInfo: {
            type: 'loc',
            name: 'Jan Jansen',
            addr: { street: ['Dorpsstraat 1'], city: 'Utrecht', pc: '3511AB', cc: 'NL' },
          },
          voice: { number: '+31.612345678' },
          email: 'jan.jansen@example.nl',
          authInfo: 'contact-auth-Secret9',
        },
        ctx,
      ),
    );
    await c.close();
    expect(exchange.sent).toContain('jan.jansen@example.nl');
    const commandLines = logger.lines.filter((l) => l.line.event === 'epp.command').map((l) => l.line);
    expect(commandLines.map((l) => l.command)).toEqual(['login', 'contact:create', 'logout']);
    expect(commandLines[1]).toMatchObject({
      objectId: 'hX7k2p9QaB',
      resultCode: 1000,
      clTRID: exchange.clTRID,
    });
    for (const secret of [
      PASSWORD,
      'jan.jansen@example.nl',
      'Jan Jansen',
      'Dorpsstraat',
      '612345678',
      'contact-auth-Secret9',
    ]) {
      expect(logger.text).not.toContain(secret);
    }
  });
});

describe('mutual TLS', () => {
  let certs: TestCertificates;
  let server: ScriptedEppServer;

  beforeAll(async () => {
    certs = await generateTestCertificates();
    server = await ScriptedEppServer.start({ requireClientCert: true }, certs);
  });

  afterAll(async () => {
    await server.close();
  });

  const open = (withCert: boolean) =>
    EppSession.open({
      connect: () =>
        connectTls({
          host: '127.0.0.1',
          port: server.port,
          servername: 'localhost',
          ca: certs.ca,
          cert: withCert ? certs.clientCert : undefined,
          key: withCert ? certs.clientKey : undefined,
        }),
      codec: createSessionCodec(SUPPORTED_SERVICES),
      credentials: { clientId: CLIENT_ID, password: PASSWORD },
      keepAliveMs: 0,
    });

  it('logs in with a client certificate when the server requires one', async () => {
    const session = await open(true);
    expect(session.state).toBe('ready');
    await session.close();
    expect(server.commands('logout')).toHaveLength(1);
  });

  it('is refused without a client certificate', async () => {
    const logins = server.commands('login').length;
    await expect(open(false)).rejects.toThrow();
    expect(server.commands('login')).toHaveLength(logins);
  });
});
