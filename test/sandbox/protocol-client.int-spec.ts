import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  encodeContactCreate,
  encodeContactDelete,
  encodeContactInfo,
  encodeDomainCreate,
  encodeDomainDelete,
  encodeDomainInfo,
  encodeDomainRestoreRequest,
  encodeDomainTransferRequest,
  encodeHostCreate,
  encodePollAck,
  encodePollRequest,
} from '../../src/epp/codec/commands';
import { NS } from '../../src/epp/codec/namespaces';
import { EppClient } from '../../src/epp/client/epp-client';
import { EppOutcomeUnknownError } from '../../src/epp/session/errors';
import { SUPPORTED_SERVICES } from '../../src/registry-sidn/profiles';
import { CiraCode, SandboxHandle, startSandbox } from '../../src/sandbox';
import { createTestDatabase, TestDatabase } from '../support/database';

const A = { id: 'client-a', password: 'client-a-pw' };
const B = { id: 'client-b', password: 'client-b-pw' };
const DAY = 24 * 60 * 60 * 1000;

/** The protocol core's own client (TLS, session, pool, encoders, decoders) against the sandbox. */
describe('protocol-core EppClient against the SIDN sandbox', () => {
  let db: TestDatabase;
  let sandbox: SandboxHandle;
  let a: EppClient;
  let b: EppClient;

  const client = (r: { id: string; password: string }) =>
    EppClient.create({
      tls: {
        host: sandbox.host,
        port: sandbox.port,
        ca: sandbox.caCertPem,
        servername: 'localhost',
        connectTimeoutMs: 5000,
      },
      credentials: { clientId: r.id, password: r.password },
      supported: SUPPORTED_SERVICES,
      session: { commandTimeoutMs: 5000, keepAliveMs: 0 },
      pool: { maxSessions: 1, acquireTimeoutMs: 10000 },
    });

  beforeAll(async () => {
    db = await createTestDatabase('sbx_client');
    sandbox = await startSandbox({
      databaseUrl: db.url,
      certDir: mkdtempSync(path.join(tmpdir(), 'handoff-sbx-client-')),
      registrars: [A, B],
      limits: { idleTimeoutMs: 1000 * DAY, maxSessionAgeMs: 1000 * DAY },
      housekeepingIntervalMs: 60 * 60 * 1000,
    });
    a = client(A);
    b = client(B);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await sandbox.stop();
    await db.drop();
  });

  const contact =
    (id: string, legalForm = 'PERSOON') =>
    (ctx: Parameters<typeof encodeContactCreate>[1]) =>
      encodeContactCreate(
        {
          id,
          postalInfo: {
            type: 'loc',
            name: 'Jan Jansen',
            addr: { street: ['Dorpsstraat 1'], city: 'Arnhem', pc: '6811AB', cc: 'NL' },
          },
          voice: { number: '+31.612345678' },
          email: 'jan@example.nl',
          authInfo: 'Contact-pw-1',
          properties: [{ key: 'NL_LEGAL_FORM', value: legalForm }],
        },
        ctx,
      );

  // Property discovery (extension-only fury:command, answered without clTRID) is tested with raw frames in
  // properties.int-spec.ts: the session currently refuses a success answer without clTRID (reported to the lead).
  it('logs in with the Fury, RGP and secDNS extensions the greeting offers (recorded login frame)', async () => {
    const greeting = await a.hello();
    expect(greeting.extURIs).toContain(NS.fury);
    const login = (await sandbox.frames({ registrar: A.id })).find(
      (f) => f.direction === 'in' && f.command === 'login',
    );
    for (const uri of [NS.fury, NS.furyRgp, NS.rgp, NS.secDNS])
      expect(login?.xml).toContain(`<extURI>${uri}</extURI>`);
    expect(login?.xml).not.toContain(A.password);
  });

  it('runs the object lifecycle: contact, host, domain, info, delete into redemption, restore, transfer, poll', async () => {
    expect((await a.command(contact('life-reg'))).response.results[0].code).toBe(1000);
    expect(
      (await a.command((ctx) => encodeHostCreate({ name: 'ns1.life.example' }, ctx))).response.results[0]
        .code,
    ).toBe(1000);
    const created = await a.command((ctx) =>
      encodeDomainCreate(
        {
          name: 'levenscyclus.nl',
          period: { value: 1, unit: 'y' },
          nameservers: ['ns1.life.example'],
          registrant: 'life-reg',
          contacts: [
            { type: 'admin', id: 'life-reg' },
            { type: 'tech', id: 'life-reg' },
          ],
          authInfo: 'Levens-token-1',
        },
        ctx,
      ),
    );
    expect(created.response.resData?.type).toBe('domain:creData');

    const contactInfo = await a.command((ctx) => encodeContactInfo({ id: 'life-reg' }, ctx));
    expect(contactInfo.response.extensions.fury?.properties).toEqual([
      { key: 'NL_LEGAL_FORM', values: ['PERSOON'] },
    ]);

    const linked = await a.command((ctx) => encodeContactDelete({ id: 'life-reg' }, ctx));
    expect(linked.response.results[0].code).toBe(2305);
    expect(linked.response.results[0].extValues[0].ciraCode).toBe(String(CiraCode.ContactLinked));

    await a.command((ctx) => encodeDomainDelete({ name: 'levenscyclus.nl' }, ctx));
    const deleted = await a.command((ctx) => encodeDomainInfo({ name: 'levenscyclus.nl' }, ctx));
    expect(deleted.response.extensions.rgp?.statuses).toEqual(['redemptionPeriod']);
    expect(deleted.response.extensions.furyRgp?.rgpStatusEnd).toBeDefined();

    const restored = await a.command((ctx) => encodeDomainRestoreRequest({ name: 'levenscyclus.nl' }, ctx));
    expect(restored.response.results[0].code).toBe(1000);
    const info = await a.command((ctx) => encodeDomainInfo({ name: 'levenscyclus.nl' }, ctx));
    if (info.response.resData?.type !== 'domain:infData') throw new Error('no infData');
    expect(info.response.resData.registrant).toBe('life-reg');
    expect(info.response.resData.statuses.map((s) => s.s)).toEqual(['ok']);

    const moved = await b.command((ctx) =>
      encodeDomainTransferRequest(
        {
          name: 'levenscyclus.nl',
          authInfo:
            info.response.resData?.type === 'domain:infData'
              ? (info.response.resData.authInfo?.pw ?? '')
              : '',
        },
        ctx,
      ),
    );
    expect(moved.response.resData?.type).toBe('domain:trnData');

    const poll = await a.command((ctx) => encodePollRequest(ctx.clTRID));
    expect(poll.response.results[0].code).toBe(1301);
    expect(poll.response.resData?.type).toBe('domain:trnData');
    const ack = await a.command((ctx) => encodePollAck(poll.response.msgQ!.id, ctx.clTRID));
    expect(ack.response.msgQ?.count).toBe(0);
  });

  it('reports an unknown outcome when the sandbox applies a command and drops the connection (drop-after-apply)', async () => {
    sandbox.faults.inject({ command: 'contact:create', mode: 'drop-after-apply', times: 1 });
    await expect(a.command(contact('ambiguous-1'))).rejects.toBeInstanceOf(EppOutcomeUnknownError);
    const check = await a.command((ctx) => encodeContactInfo({ id: 'ambiguous-1' }, ctx));
    expect(check.response.results[0].code).toBe(1000);
  });
});
