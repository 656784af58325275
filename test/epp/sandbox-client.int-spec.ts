import { EppClient } from '../../src/epp/client/epp-client';
import {
  encodeContactCreate,
  encodeContactInfo,
  encodeDomainCheck,
  encodeFuryPropertyInfo,
} from '../../src/epp/codec/commands';
import type { EncodeContext } from '../../src/epp/codec/context';
import { NS } from '../../src/epp/codec/namespaces';
import { MemoryLogger } from '../../src/epp/logging/epp-logger';
import { EppOutcomeUnknownError } from '../../src/epp/session/errors';
import { OFFERED_EXT_URIS } from '../../src/sandbox';
import { SUPPORTED_SERVICES } from '../../src/registry-sidn/profiles';
import { REG_A, SandboxFixture, startSandboxFixture } from '../sandbox/support/sandbox-fixture';

/**
 * The protocol-core client against the SIDN sandbox over real TLS: the same server the service
 * talks to in development, with its fault injection for the ambiguous cases.
 */
describe('EppClient against the SIDN sandbox', () => {
  let f: SandboxFixture;
  let client: EppClient;
  let logger: MemoryLogger;

  beforeAll(async () => {
    f = await startSandboxFixture('epp_client');
  });

  afterAll(async () => {
    await f.stop();
  });

  beforeEach(() => {
    logger = new MemoryLogger();
    client = EppClient.create({
      tls: { host: f.sandbox.host, port: f.sandbox.port, servername: 'localhost', ca: f.sandbox.caCertPem },
      credentials: { clientId: REG_A.id, password: REG_A.password },
      supported: SUPPORTED_SERVICES,
      logger,
      // Generous: the sandbox validates every frame against the XSDs, which is slow on a loaded machine.
      session: { commandTimeoutMs: 30_000, keepAliveMs: 0 },

      pool: { maxSessions: 2, acquireTimeoutMs: 10_000, backoff: { initialMs: 10, maxMs: 100 } },
    });
  });

  afterEach(async () => {
    f.sandbox.faults.clear();
    await client.close();
  });

  const contact = (id: string) => (ctx: EncodeContext) =>
    encodeContactCreate(
      {
        id,
        postalInfo: {
          type: 'loc',
          name: 'Anna de Vries',
          addr: { street: ['Keizersgracht 1'], city: 'Amsterdam', pc: '1015CJ', cc: 'NL' },
        },
        voice: { number: '+31.612345678' },
        email: 'anna.devries@example.nl',
        authInfo: 'Contact-Auth-1',
        properties: [{ key: 'NL_LEGAL_FORM', value: 'PERSOON' }],
      },
      ctx,
    );

  it('logs in with the sandbox greeting intersected with what the hello profile supports', async () => {
    await client.withSession(async (s) => {
      expect(s.profile).toBe('hello');
      expect(s.services.extURIs).toContain(NS.fury);
      for (const uri of s.services.extURIs) expect(OFFERED_EXT_URIS).toContain(uri);
      for (const uri of s.services.extURIs) expect(SUPPORTED_SERVICES.hello.extURIs).toContain(uri);
    });
    const r = await client.command((ctx) => encodeDomainCheck({ names: ['vrij-domein.nl'] }, ctx));
    expect(r.response.results[0].code).toBe(1000);
    expect(r.response.trID.svTRID).toBeTruthy();
  });

  it('discovers the .nl property definitions with the extension-only fury:command (no clTRID)', async () => {
    const r = await client.command((ctx) => encodeFuryPropertyInfo({ language: 'en' }, ctx.clTRID));
    expect(r.response.results[0].code).toBe(1000);
    expect(r.response.trID.clTRID).toBeUndefined();
    expect(r.response.resData).toMatchObject({ type: 'fury:infData' });
    const keys = (r.response.resData as { properties: { key: string }[] }).properties.map((p) => p.key);
    expect(keys).toContain('NL_LEGAL_FORM');
  });

  it('creates a contact and reads it back; a duplicate is 2302 (RFC 5730 §3, object exists)', async () => {
    const id = `hc${Date.now().toString(36)}`;
    const created = await client.command(contact(id));
    expect(created.response.results[0].code).toBe(1000);
    const duplicate = await client.command(contact(id));
    expect(duplicate.response.results[0].code).toBe(2302);
    const info = await client.command((ctx) => encodeContactInfo({ id }, ctx));
    expect(info.response.results[0].code).toBe(1000);
    expect(logger.text).not.toContain('anna.devries@example.nl');
    expect(logger.text).not.toContain(REG_A.password);
  });

  it('a drop after the registry applied a create is an unknown outcome; info reconciles it', async () => {
    const id = `hd${Date.now().toString(36)}`;
    f.sandbox.faults.inject({ command: 'contact:create', mode: 'drop-after-apply', times: 1 });
    const error = await client.command(contact(id)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EppOutcomeUnknownError);
    const info = await client.command((ctx) => encodeContactInfo({ id }, ctx));
    expect(info.response.results[0].code).toBe(1000);
  });

  it('an answer slower than the command timeout retires the session; the next command gets its own answer', async () => {
    f.sandbox.faults.inject({ command: 'domain:check', mode: 'delay', delayMs: 5_000, times: 1 });
    const slow = client.command((ctx) => encodeDomainCheck({ names: ['traag.nl'] }, ctx), {
      timeoutMs: 1_000,
    });
    await expect(slow).rejects.toThrow(EppOutcomeUnknownError);
    const next = await client.command((ctx) => encodeDomainCheck({ names: ['snel.nl'] }, ctx));
    expect(next.response.trID.clTRID).toBe(next.clTRID);
    expect(next.response.results[0].code).toBe(1000);
  });

  it('2502-and-close is returned, and the pool logs in again', async () => {
    f.sandbox.faults.inject({ command: 'domain:check', mode: 'answer-2502-close', times: 1 });
    const ending = await client.command((ctx) => encodeDomainCheck({ names: ['a.nl'] }, ctx));
    expect(ending.response.results[0].code).toBe(2502);
    const after = await client.command((ctx) => encodeDomainCheck({ names: ['b.nl'] }, ctx));
    expect(after.response.results[0].code).toBe(1000);
  });

  it('a malformed answer is an unknown outcome and breaks only that session', async () => {
    f.sandbox.faults.inject({ command: 'domain:check', mode: 'malformed', times: 1 });
    await expect(client.command((ctx) => encodeDomainCheck({ names: ['a.nl'] }, ctx))).rejects.toThrow(
      EppOutcomeUnknownError,
    );
    const after = await client.command((ctx) => encodeDomainCheck({ names: ['b.nl'] }, ctx));
    expect(after.response.results[0].code).toBe(1000);
  });

  it('runs concurrent commands over at most maxSessions sessions', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `parallel-${i}.nl`);
    const results = await Promise.all(
      names.map((n) => client.command((ctx) => encodeDomainCheck({ names: [n] }, ctx))),
    );
    expect(results.every((r) => r.response.results[0].code === 1000)).toBe(true);
    expect(client.stats().open).toBeLessThanOrEqual(2);
    const logins = logger.lines.filter((l) => l.line.command === 'login');
    expect(logins.length).toBeLessThanOrEqual(2);
  });
});
