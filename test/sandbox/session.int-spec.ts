import { NS } from '../../src/epp/codec/namespaces';
import { child, childrenOf, parseXml } from '../../src/epp/codec/xml';
import { encodeFrame } from '../../src/epp/transport/framing';
import { XsdValidator } from '../../src/epp/xsd/xsd-validator';
import { CiraCode, OffsetClock } from '../../src/sandbox';
import { contactInfo, hello, login, logout, pollReq, contactCreate } from './support/frames';
import { RawEppClient } from './support/raw-epp-client';
import { REG_A, REG_B, SandboxFixture, startSandboxFixture } from './support/sandbox-fixture';

const MIN = 60 * 1000;

describe('SIDN sandbox: sessions (RFC 5730 §2.4, §2.9.1)', () => {
  let f: SandboxFixture;
  const clock = new OffsetClock();
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_session', { clock, housekeepingIntervalMs: 60 * 60 * 1000 });
  });
  afterAll(async () => {
    await f.stop();
  });
  afterEach(() => {
    for (const c of f.clients.splice(0)) c.close();
  });

  it('greets like a Fury server: objURI epp-1.0 + domain/host/contact, Fury, RGP, secDNS, org/orgext/idn/fee', async () => {
    const c = await RawEppClient.connect(f.sandbox.port, f.sandbox.caCertPem);
    f.clients.push(c);
    const xml = await c.next();
    const menu = child(child(parseXml(xml), NS.epp, 'greeting'), NS.epp, 'svcMenu');
    const objURIs = childrenOf(menu, NS.epp, 'objURI').map((e) => e.text);
    const extURIs = childrenOf(child(menu, NS.epp, 'svcExtension'), NS.epp, 'extURI').map((e) => e.text);
    expect(objURIs).toEqual([NS.epp, NS.domain, NS.host, NS.contact]);
    expect(extURIs).toEqual([NS.fury, NS.furyRgp, NS.rgp, NS.secDNS, NS.org, NS.orgext, NS.idn, NS.fee]);
    expect((await new XsdValidator().validate(xml)).errors).toEqual([]);
  });

  it('answers <hello> with a greeting, before and after login', async () => {
    const c = await f.connect();
    c.sendRaw(encodeFrame(hello()));
    expect(child(parseXml(await c.next()), NS.epp, 'greeting')).toBeDefined();
  });

  it('logs in with the configured password and refuses a wrong one with 2200', async () => {
    const c = await f.connect();
    const bad = await c.send(login(REG_A.id, 'wrong-password'));
    expect([bad.code, bad.ciraCode]).toEqual([2200, CiraCode.AuthenticationFailed]);
    const unknown = await c.send(login('nobody', 'whatever1'));
    expect(unknown.code).toBe(2200);
    const ok = await c.send(login(REG_A.id, REG_A.password));
    expect(ok.code).toBe(1000);
    const again = await c.send(login(REG_A.id, REG_A.password));
    expect([again.code, again.ciraCode]).toEqual([2002, CiraCode.AlreadyLoggedIn]);
  });

  it('refuses a login announcing an extension the server does not offer with 2307 (RFC 5730 §2.9.1.1)', async () => {
    const c = await f.connect();
    const r = await c.send(login(REG_A.id, REG_A.password, { extURIs: [NS.fury, NS.sidn] }));
    expect([r.code, r.ciraCode]).toEqual([2307, CiraCode.ServiceNotOffered]);
    expect(r.reason).toContain(NS.sidn);
  });

  it('refuses a login announcing an object service the server does not offer with 2307', async () => {
    const c = await f.connect();
    const r = await c.send(
      login(REG_A.id, REG_A.password, { objURIs: [NS.domain, 'urn:ietf:params:xml:ns:obj-1.0'] }),
    );
    expect(r.code).toBe(2307);
  });

  it('refuses a language it does not offer with 2102', async () => {
    const c = await f.connect();
    const r = await c.send(login(REG_A.id, REG_A.password, { lang: 'fr' }));
    expect([r.code, r.ciraCode]).toEqual([2102, CiraCode.LanguageNotOffered]);
  });

  it('changes the password with newPW: the old one stops working', async () => {
    const c = await f.connect();
    expect((await c.send(login(REG_B.id, REG_B.password, { newPW: 'new-secret-b' }))).code).toBe(1000);
    const d = await f.connect();
    expect((await d.send(login(REG_B.id, REG_B.password))).code).toBe(2200);
    expect((await d.send(login(REG_B.id, 'new-secret-b'))).code).toBe(1000);
    const e = await f.connect();
    expect((await e.send(login(REG_B.id, 'new-secret-b', { newPW: REG_B.password }))).code).toBe(1000);
  });

  it('answers a command before login with 2002', async () => {
    const c = await f.connect();
    const r = await c.send(pollReq());
    expect([r.code, r.ciraCode]).toEqual([2002, CiraCode.NotLoggedIn]);
  });

  it('answers an XSD-invalid frame with 2001 and the validator reason', async () => {
    const c = await f.session();
    const invalid = contactCreate({ id: 'ab' }); // eppcom clIDType: 3-16 characters
    const r = await c.send(invalid);
    expect([r.code, r.ciraCode]).toEqual([2001, CiraCode.SchemaInvalid]);
    expect(r.reason).toMatch(/XML schema validation failed: .*minLength/);
  });

  it('answers non-XML and a DOCTYPE with 2001', async () => {
    const c = await f.session();
    expect((await c.send('this is not xml')).code).toBe(2001);
    const doctype = await c.send('<?xml version="1.0"?><!DOCTYPE epp [<!ENTITY x "y">]><epp/>');
    expect(doctype.code).toBe(2001);
    expect(doctype.reason).toContain('DOCTYPE');
  });

  it('refuses a command using an extension not selected at login with 2307', async () => {
    const c = await f.session(REG_A, [NS.secDNS]);
    const r = await c.send(contactCreate({ id: 'noext-1' }));
    expect([r.code, r.ciraCode]).toEqual([2307, CiraCode.ExtensionNotSelected]);
  });

  it('ends the session on logout with 1500', async () => {
    const c = await f.session();
    const r = await c.send(logout());
    expect(r.code).toBe(1500);
    await c.waitClosed();
  });

  it('refuses a session beyond the per-registrar limit (default 4) with 2502 and closes it', async () => {
    const sessions = await Promise.all([1, 2, 3, 4].map(() => f.session()));
    const fifth = await f.connect();
    const r = await fifth.send(login(REG_A.id, REG_A.password));
    expect([r.code, r.ciraCode]).toEqual([2502, CiraCode.SessionLimitExceeded]);
    await fifth.waitClosed();
    const other = await f.session(REG_B);
    expect((await other.send(pollReq())).code).toBe(1300);
    sessions[0].close();
    await sessions[0].waitClosed();
    await new Promise((r) => setTimeout(r, 100));
    expect((await (await f.connect()).send(login(REG_A.id, REG_A.password))).code).toBe(1000);
  });

  it('closes a session idle for 10 minutes (DRS5 default) on the sandbox clock', async () => {
    const idle = await f.session();
    const busy = await f.session();
    await f.sandbox.clock.advance(6 * MIN);
    expect((await busy.send(pollReq())).code).toBe(1300);
    await f.sandbox.clock.advance(5 * MIN);
    await idle.waitClosed();
    expect(busy.closed).toBe(false);
    expect((await busy.send(pollReq())).code).toBe(1300);
  });

  it('records every frame in and out per registrar and session, with the login password masked', async () => {
    const c = await f.session();
    await c.send(contactInfo('nobody-here'));
    const recent = await f.sandbox.frames({ registrar: REG_A.id, last: 1 });
    const frames = await f.sandbox.frames({ sessionId: recent[0].sessionId });
    expect(frames.map((x) => [x.direction, x.command])).toEqual([
      ['out', 'greeting'],
      ['in', 'login'],
      ['out', 'login'],
      ['in', 'contact:info'],
      ['out', 'contact:info'],
    ]);
    expect(new Set(frames.map((x) => x.sessionId)).size).toBe(1);
    expect(frames[1].xml).not.toContain(REG_A.password);
    expect(frames[1].xml).toContain('********');
    expect(frames[3].xml).toContain('nobody-here');
  });
});

describe('SIDN sandbox: configured limits', () => {
  let f: SandboxFixture;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_limits', {
      limits: { maxSessionsPerRegistrar: 1, idleTimeoutMs: 10 * MIN, maxSessionAgeMs: 30 * MIN },
      housekeepingIntervalMs: 60 * 60 * 1000,
    });
  });
  afterAll(async () => {
    await f.stop();
  });

  it('closes a session at its maximum age even when it is busy', async () => {
    const c = await f.session();
    for (let i = 0; i < 5; i++) {
      await f.sandbox.clock.advance(5 * MIN);
      expect((await c.send(pollReq())).code).toBe(1300);
    }
    await f.sandbox.clock.advance(5 * MIN);
    await c.waitClosed();
  });

  it('applies a configured session limit', async () => {
    await f.session();
    const second = await f.connect();
    expect((await second.send(login(REG_A.id, REG_A.password))).code).toBe(2502);
  });
});

describe('SIDN sandbox: required client certificate', () => {
  it('refuses a TLS client without a certificate when requireClientCert is set', async () => {
    const selfsigned = (await import('selfsigned')).default;
    const server = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
      clientCertificate: { cn: 'registrar' },
    });
    const f = await startSandboxFixture('sbx_mtls', {
      tls: { cert: server.cert, key: server.private, ca: server.cert, requireClientCert: true },
    });
    try {
      const anonymous = await RawEppClient.connect(f.sandbox.port, f.sandbox.caCertPem).catch(
        (e: Error) => e,
      );
      if (anonymous instanceof RawEppClient) {
        await expect(anonymous.next()).rejects.toThrow();
        anonymous.close();
      } else {
        expect(anonymous).toBeInstanceOf(Error);
      }
      const withCert = await RawEppClient.connect(f.sandbox.port, f.sandbox.caCertPem, {
        cert: server.clientcert,
        key: server.clientprivate,
      });
      expect(await withCert.next()).toContain('<greeting>');
      withCert.close();
    } finally {
      await f.stop();
    }
  });
});

describe('SIDN sandbox: announced but unimplemented services', () => {
  let f: SandboxFixture;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_unimpl');
  });
  afterAll(async () => {
    await f.stop();
  });

  it('answers 2103 to a command carrying an announced extension it does not implement (fee-0.11)', async () => {
    const c = await f.session(REG_A, [NS.fee]);
    const feeCheck =
      `<epp xmlns="${NS.epp}"><command><check><domain:check xmlns:domain="${NS.domain}"><domain:name>a.nl</domain:name></domain:check></check>` +
      `<extension><fee:check xmlns:fee="${NS.fee}"><fee:command>create</fee:command><fee:currency>EUR</fee:currency></fee:check></extension>` +
      `<clTRID>FEE-1</clTRID></command></epp>`;
    const r = await c.send(feeCheck);
    expect([r.code, r.ciraCode]).toEqual([2103, CiraCode.UnimplementedCommand]);
  });

  it('answers 2101 to a contact transfer', async () => {
    const c = await f.session();
    const r = await c.send(
      `<epp xmlns="${NS.epp}"><command><transfer op="request"><contact:transfer xmlns:contact="${NS.contact}"><contact:id>abc</contact:id>` +
        `<contact:authInfo><contact:pw>x1234567</contact:pw></contact:authInfo></contact:transfer></transfer><clTRID>T-1</clTRID></command></epp>`,
    );
    expect([r.code, r.ciraCode]).toEqual([2101, CiraCode.UnimplementedCommand]);
  });
});
