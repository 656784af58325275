import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEppCommand } from '../../src/cli/epp.command';
import { NS } from '../../src/epp/codec/namespaces';
import { el, leaf } from '../../src/epp/codec/xml';
import {
  generateTestCertificates,
  ScriptedEppServer,
  TestCertificates,
} from '../support/scripted-epp-server';

const REFERENCE = path.resolve(__dirname, '..', '..', '..', 'shared', 'epp-reference');
const PASSWORD = 'Cli-Secret-Password-7';

class Capture {
  text = '';
  write(chunk: string | Uint8Array): boolean {
    this.text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = new Capture();
  const err = new Capture();
  const code = await runEppCommand(args, { out, err, env });
  return { code, out: out.text, err: err.text, json: () => JSON.parse(out.text) as Record<string, unknown> };
}

describe('epp CLI (in-process, scripted TLS server)', () => {
  let certs: TestCertificates;
  let server: ScriptedEppServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    certs = await generateTestCertificates();
    dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-epp-cli-'));
    writeFileSync(path.join(dir, 'ca.pem'), certs.ca);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    server = await ScriptedEppServer.start({ clientId: 'registrar1', password: PASSWORD }, certs);
    env = {
      EPP_HOST: '127.0.0.1',
      EPP_PORT: String(server.port),
      EPP_CLIENT_ID: 'registrar1',
      EPP_PASSWORD: PASSWORD,
      EPP_CA_FILE: path.join(dir, 'ca.pem'),
    };
  });

  afterEach(async () => {
    await server.close();
  });

  const tlsArgs = () => ['--servername', 'localhost'];

  it('hello prints the greeting and the profile it would choose', async () => {
    const r = await cli(['hello', ...tlsArgs()], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = r.json();
    expect(json).toMatchObject({ svID: 'Scripted EPP test server', profile: 'hello' });
    expect(json.extURIs).toContain(NS.fury);
    expect((json.services as { extURIs: string[] }).extURIs).not.toContain(
      'urn:ietf:params:xml:ns:launch-1.0',
    );
  });

  it('login-test logs in and out with the services from the greeting', async () => {
    const r = await cli(['login-test', ...tlsArgs()], env);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ loggedIn: true, profile: 'hello' });
    expect(server.commands('login')).toHaveLength(1);
    expect(server.commands('logout')).toHaveLength(1);
    expect(r.out + r.err).not.toContain(PASSWORD);
  });

  it('check-domain prints the decoded chkData', async () => {
    server.script = (cmd) =>
      cmd.verb === 'check'
        ? {
            code: 1000,
            resData: el('domain:chkData', { 'xmlns:domain': NS.domain }, [
              el('domain:cd', {}, [leaf('domain:name', 'vrij.nl', { avail: '1' })]),
              el('domain:cd', {}, [
                leaf('domain:name', 'bezet.nl', { avail: '0' }),
                leaf('domain:reason', 'In use'),
              ]),
            ]),
          }
        : undefined;
    const r = await cli(['check-domain', 'vrij.nl', 'bezet.nl', ...tlsArgs()], env);
    expect(r.code).toBe(0);
    const json = r.json();
    expect(json.result).toEqual([{ code: 1000, message: 'Command completed', extValues: [] }]);
    expect(JSON.stringify(json.resData)).toContain('vrij.nl');
    expect(JSON.stringify(json.resData)).toContain('bezet.nl');
    expect((json.trID as { clTRID: string }).clTRID).toMatch(/^HOCLI-/);
    expect(server.commands('check')[0].xml).toContain('<domain:name>bezet.nl</domain:name>');
  });

  it('info-domain of a missing domain exits 1 with a one-line reason', async () => {
    server.script = (cmd) =>
      cmd.verb === 'info' ? { code: 2303, message: 'Object does not exist' } : undefined;
    const r = await cli(['info-domain', 'missing.nl', ...tlsArgs()], env);
    expect(r.code).toBe(1);
    expect(r.err).toBe('epp: registry answered 2303 Object does not exist\n');
    expect(r.json().result).toEqual([{ code: 2303, message: 'Object does not exist', extValues: [] }]);
  });

  it('info-contact sends contact:info for the id', async () => {
    const r = await cli(['info-contact', 'HO12345', ...tlsArgs()], env);
    expect(r.code).toBe(0);
    expect(server.commands('info')[0].object).toBe('contact:info');
    expect(server.commands('info')[0].xml).toContain('<contact:id>HO12345</contact:id>');
  });

  it('poll requests, and acknowledges with --ack', async () => {
    expect((await cli(['poll', ...tlsArgs()], env)).code).toBe(0);
    expect((await cli(['poll', '--ack', '12345', ...tlsArgs()], env)).code).toBe(0);
    const polls = server.commands('poll').map((c) => c.xml);
    expect(polls[0]).toMatch(/<poll op="req"\/?>/);
    expect(polls[1]).toMatch(/<poll op="ack" msgID="12345"\/?>/);
  });

  it('takes connection options from flags over the environment', async () => {
    const r = await cli(
      [
        'login-test',
        '--host',
        '127.0.0.1',
        '--port',
        String(server.port),
        '--client-id',
        'registrar1',
        '--password',
        PASSWORD,
        '--ca',
        path.join(dir, 'ca.pem'),
        ...tlsArgs(),
      ],
      { EPP_HOST: 'unreachable.invalid' },
    );
    expect(r.code).toBe(0);
  });

  it('a refused login exits 1 with one line that does not contain the password', async () => {
    const r = await cli(['login-test', ...tlsArgs()], { ...env, EPP_PASSWORD: 'Wrong-Password-99' });
    expect(r.code).toBe(1);
    expect(r.err).toBe('epp: login refused: 2200 Authentication error\n');
    expect(r.err).not.toContain('Wrong-Password-99');
  });

  it('an untrusted server certificate exits 1 with one line', async () => {
    const other = await generateTestCertificates();
    writeFileSync(path.join(dir, 'other-ca.pem'), other.ca);
    const r = await cli(['hello', ...tlsArgs()], { ...env, EPP_CA_FILE: path.join(dir, 'other-ca.pem') });
    expect(r.code).toBe(1);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.err).toMatch(/^epp: TLS connection to 127\.0\.0\.1:\d+ failed: /);
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['frobnicate'], env)).code).toBe(2);
    expect((await cli(['check-domain', ...tlsArgs()], env)).code).toBe(2);
    expect((await cli(['hello', '--bogus'], env)).code).toBe(2);
  });
});

describe('epp decode', () => {
  it('prints a DRS5 error response with its SIDN messages', async () => {
    const r = await cli([
      'decode',
      path.join(REFERENCE, 'sidn-fixtures/net-dri/SIDN_L042_response_2303-msg.xml'),
    ]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      result: [{ code: 2303, extValues: [] }],
      trID: { clTRID: 'ABC-12345', svTRID: '54322-XYZ' },
      msgQ: null,
      sidn: {
        messages: [
          { code: 'F0001', field: 'handle' },
          { code: 'T0002', field: 'handle', text: 'De opgegeven handle is onbekend.' },
        ],
      },
    });
  });

  it('prints a Fury error with its ciraCode', async () => {
    const r = await cli([
      'decode',
      path.join(
        REFERENCE,
        'hello-registry/examples/fury-metaregistrar/fury-error-response-2303-ciraCode-8010.xml',
      ),
    ]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({
      result: [{ code: 2303, extValues: [{ ciraCode: '8010', reason: 'Domain name does not exist' }] }],
      sidn: null,
    });
  });

  it('prints msgQ of a poll response (RFC 5730 §2.9.2.3)', async () => {
    const r = await cli(['decode', path.join(REFERENCE, 'examples/rfc5730/poll-req-response-obj.xml')]);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ result: [{ code: 1301 }], msgQ: { count: 5, id: '12345' } });
  });

  it('prints a greeting with svID, objURIs, extURIs and the chosen profile', async () => {
    const r = await cli([
      'decode',
      path.join(REFERENCE, 'hello-registry/examples/cira-platform-live/cira-greeting-2023.xml'),
    ]);
    expect(r.code).toBe(0);
    const json = r.json();
    expect(json.svID).toBe('EPP Server Version: 8.0.4 (de4e6cbdab9536033563b335e4fa4555cf24c931)');
    expect(json.objURIs).toContain(NS.domain);
    expect(json.extURIs).toContain(NS.furyRgp);
    expect(json.profile).toBe('hello');
  });

  it('fails with one line for a file that is not EPP', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'handoff-epp-decode-'));
    const file = path.join(dir, 'bad.xml');
    writeFileSync(file, '<!DOCTYPE x [<!ENTITY a "b">]><epp/>');
    const r = await cli(['decode', file]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
