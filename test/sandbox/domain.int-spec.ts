import { NS } from '../../src/epp/codec/namespaces';
import { child, childrenOf, childText, find } from '../../src/epp/codec/xml';
import { XsdValidator } from '../../src/epp/xsd/xsd-validator';
import { CiraCode } from '../../src/sandbox';
import {
  contactCreate,
  domainCheck,
  domainCreate,
  DomainInput,
  domainDelete,
  domainInfo,
  domainRenew,
  domainTransfer,
  domainUpdate,
  hostCheck,
  hostCreate,
  hostDelete,
  hostInfo,
  hostUpdate,
  pollAck,
  pollReq,
  restoreReport,
  restoreRequest,
} from './support/frames';
import { RawEppClient } from './support/raw-epp-client';
import { REG_A, REG_B, SandboxFixture, startSandboxFixture } from './support/sandbox-fixture';

const DAY = 24 * 60 * 60 * 1000;
const LONG_SESSIONS = { idleTimeoutMs: 1000 * DAY, maxSessionAgeMs: 1000 * DAY };

async function ok(c: RawEppClient, xml: string) {
  const r = await c.send(xml);
  if (r.code >= 2000) throw new Error(`expected success, got ${r.code} ${r.reason ?? r.msg}`);
  return r;
}

function statuses(r: { root: Parameters<typeof find>[0] }): string[] {
  return childrenOf(find(r.root, NS.domain, 'infData'), NS.domain, 'status').map((s) => s.attrs.s);
}

async function drainPoll(c: RawEppClient): Promise<void> {
  for (;;) {
    const r = await c.send(pollReq());
    if (r.code === 1300) return;
    await c.send(pollAck(child(find(r.root, NS.epp, 'response'), NS.epp, 'msgQ')!.attrs.id));
  }
}

describe('SIDN sandbox: domains and hosts (RFC 5731, 5732, 3915 + .nl rules)', () => {
  let f: SandboxFixture;
  let a: RawEppClient;
  let b: RawEppClient;
  beforeAll(async () => {
    // Sessions outlive the time travel below (idle close is tested in session.int-spec.ts).
    f = await startSandboxFixture('sbx_domain', {
      housekeepingIntervalMs: 60 * 60 * 1000,
      limits: LONG_SESSIONS,
    });
    a = await f.session(REG_A);
    b = await f.session(REG_B);
    await ok(a, contactCreate({ id: 'a-reg' }));
    await ok(a, contactCreate({ id: 'a-admin' }));
    await ok(a, contactCreate({ id: 'a-tech' }));
    await ok(b, contactCreate({ id: 'b-reg' }));
    await ok(a, hostCreate('ns1.dns.example'));
    await ok(a, hostCreate('ns2.dns.example'));
  });
  afterAll(async () => {
    await f.stop();
  });

  const valid = (name: string): DomainInput => ({
    name,
    registrant: 'a-reg',
    admin: ['a-admin'],
    tech: ['a-tech'],
    ns: ['ns1.dns.example', 'ns2.dns.example'],
  });

  const rules: [string, DomainInput, number, number][] = [
    ['a name outside .nl', { ...valid('voorbeeld.com') }, 2306, CiraCode.DomainNotNl],
    ['a one-character label', { ...valid('a.nl') }, 2005, CiraCode.DomainNameSyntax],
    ['a 64-character label', { ...valid('a'.repeat(64) + '.nl') }, 2005, CiraCode.DomainNameSyntax],
    ['a leading hyphen', { ...valid('-voorbeeld.nl') }, 2005, CiraCode.DomainNameSyntax],
    ['a trailing hyphen', { ...valid('voorbeeld-.nl') }, 2005, CiraCode.DomainNameSyntax],
    ['an underscore', { ...valid('voor_beeld.nl') }, 2005, CiraCode.DomainNameSyntax],
    ['an IDN (A-label)', { ...valid('xn--caf-dma.nl') }, 2306, CiraCode.DomainIdnNotAllowed],
    ['a third-level name', { ...valid('www.voorbeeld.nl') }, 2306, CiraCode.DomainNameSyntax],
    ['no registrant', { ...valid('geenhouder.nl'), registrant: undefined }, 2003, CiraCode.RegistrantMissing],
    ['no admin', { ...valid('geenadmin.nl'), admin: [] }, 2306, CiraCode.AdminCount],
    ['two admins', { ...valid('tweeadmins.nl'), admin: ['a-admin', 'a-reg'] }, 2306, CiraCode.AdminCount],
    ['no tech', { ...valid('geentech.nl'), tech: [] }, 2003, CiraCode.TechMissing],
    [
      'a billing contact',
      { ...valid('billing.nl'), billing: ['a-reg'] },
      2306,
      CiraCode.ContactTypeNotAllowed,
    ],
    [
      'an unknown contact',
      { ...valid('onbekend.nl'), tech: ['nobody'] },
      2303,
      CiraCode.ReferencedContactMissing,
    ],
    [
      "another registrar's contact",
      { ...valid('vreemd.nl'), registrant: 'b-reg' },
      2201,
      CiraCode.ContactNotOwned,
    ],
    [
      'a hostAttr name server',
      { ...valid('hostattr.nl'), ns: [], hostAttr: 'ns.hostattr.nl' },
      2306,
      CiraCode.HostAttrNotAllowed,
    ],
    [
      'a host that does not exist',
      { ...valid('geenhost.nl'), ns: ['ns9.dns.example'] },
      2303,
      CiraCode.ReferencedHostMissing,
    ],
    [
      'a period of 6 months',
      { ...valid('halfjaar.nl'), period: { value: 6, unit: 'm' } },
      2004,
      CiraCode.PeriodNotAllowed,
    ],
  ];
  it.each(rules)('domain:create refuses %s', async (_name, input, code, ciraCode) => {
    const r = await a.send(domainCreate(input));
    expect([r.code, r.ciraCode]).toEqual([code, ciraCode]);
    expect(r.reason).toBeTruthy();
  });

  it('domain:create refuses more than 13 name servers (2306)', async () => {
    const hosts = Array.from({ length: 14 }, (_, i) => `ns${i}.many.example`);
    for (const h of hosts) await ok(a, hostCreate(h));
    const r = await a.send(domainCreate({ ...valid('veel-ns.nl'), ns: hosts }));
    expect([r.code, r.ciraCode]).toEqual([2306, CiraCode.TooManyNameservers]);
    expect((await a.send(domainCreate({ ...valid('dertien-ns.nl'), ns: hosts.slice(0, 13) }))).code).toBe(
      1000,
    );
  });

  it('creates a domain (creData with crDate/exDate one year apart), answers 2302 when taken, and checks names', async () => {
    const r = await ok(a, domainCreate(valid('nieuw.nl')));
    const cre = find(r.root, NS.domain, 'creData');
    const cr = new Date(childText(cre, NS.domain, 'crDate')!);
    const ex = new Date(childText(cre, NS.domain, 'exDate')!);
    expect(ex.getUTCFullYear() - cr.getUTCFullYear()).toBe(1);
    const taken = await b.send(
      domainCreate({ name: 'nieuw.nl', registrant: 'b-reg', admin: ['b-reg'], tech: ['b-reg'] }),
    );
    expect([taken.code, taken.ciraCode]).toEqual([2302, CiraCode.DomainExists]);
    const chk = await a.send(domainCheck('nieuw.nl', 'vrij.nl', 'x.nl'));
    expect(
      childrenOf(find(chk.root, NS.domain, 'chkData'), NS.domain, 'cd').map((cd) => [
        child(cd, NS.domain, 'name')?.text,
        child(cd, NS.domain, 'name')?.attrs.avail,
        childText(cd, NS.domain, 'reason') ?? null,
      ]),
    ).toEqual([
      ['nieuw.nl', '0', 'Registered'],
      ['vrij.nl', '1', null],
      ['x.nl', '0', 'A .nl label has 2 to 63 characters'],
    ]);
  });

  it('shows the sponsor full info with authInfo; another registrar needs the token (RFC 5731 §3.1.2)', async () => {
    await ok(a, domainCreate({ ...valid('info.nl'), authInfo: 'geheim-token' }));
    const r = await ok(a, domainInfo('info.nl'));
    const inf = find(r.root, NS.domain, 'infData');
    expect(statuses(r)).toEqual(['ok']);
    expect(childrenOf(child(inf, NS.domain, 'ns'), NS.domain, 'hostObj').map((h) => h.text)).toEqual([
      'ns1.dns.example',
      'ns2.dns.example',
    ]);
    expect(childText(child(inf, NS.domain, 'authInfo'), NS.domain, 'pw')).toBe('geheim-token');
    expect((await new XsdValidator().validate(r.xml)).errors).toEqual([]);
    expect((await b.send(domainInfo('info.nl'))).code).toBe(2201);
    const withToken = await b.send(domainInfo('info.nl', 'geheim-token'));
    expect(withToken.code).toBe(1000);
    expect(child(find(withToken.root, NS.domain, 'infData'), NS.domain, 'authInfo')).toBeUndefined();
    const missing = await a.send(domainInfo('bestaatniet.nl'));
    expect([missing.code, missing.ciraCode, missing.reason]).toEqual([
      2303,
      8010,
      'Domain name does not exist',
    ]);
  });

  it('updates name servers, contacts and client statuses; clientDeleteProhibited blocks delete (2304)', async () => {
    await ok(a, domainCreate({ ...valid('wijzig.nl'), ns: ['ns1.dns.example'] }));
    await ok(
      a,
      domainUpdate('wijzig.nl', {
        addNs: ['ns2.dns.example'],
        remNs: ['ns1.dns.example'],
        addStatus: ['clientDeleteProhibited'],
      }),
    );
    const r = await ok(a, domainInfo('wijzig.nl'));
    expect(childrenOf(find(r.root, NS.domain, 'ns'), NS.domain, 'hostObj').map((h) => h.text)).toEqual([
      'ns2.dns.example',
    ]);
    expect(statuses(r)).toEqual(['clientDeleteProhibited']);
    const del = await a.send(domainDelete('wijzig.nl'));
    expect([del.code, del.ciraCode]).toEqual([2304, CiraCode.StatusProhibits]);
    const server = await a.send(domainUpdate('wijzig.nl', { addStatus: ['serverHold'] }));
    expect([server.code, server.ciraCode]).toEqual([2306, CiraCode.ClientStatusNotAllowed]);
    await ok(
      a,
      domainUpdate('wijzig.nl', { remStatus: ['clientDeleteProhibited'], remNs: ['ns2.dns.example'] }),
    );
    expect(statuses(await ok(a, domainInfo('wijzig.nl')))).toEqual(['inactive']);
    expect((await b.send(domainUpdate('wijzig.nl', { addNs: ['ns1.dns.example'] }))).code).toBe(2201);
  });

  it('renews by a whole number of years from the current expiry date (RFC 5731 §3.2.3)', async () => {
    const cre = find((await ok(a, domainCreate(valid('verleng.nl')))).root, NS.domain, 'creData');
    const exDate = childText(cre, NS.domain, 'exDate')!;
    const wrong = await a.send(domainRenew('verleng.nl', '2001-01-01'));
    expect([wrong.code, wrong.ciraCode]).toEqual([2306, CiraCode.CurExpDateMismatch]);
    const r = await ok(a, domainRenew('verleng.nl', exDate.slice(0, 10), 2));
    const newEx = new Date(childText(find(r.root, NS.domain, 'renData'), NS.domain, 'exDate')!);
    expect(newEx.getUTCFullYear() - new Date(exDate).getUTCFullYear()).toBe(2);
  });

  it('hosts: in-zone needs its .nl domain and an address, external takes none; check, info, update, linked delete 2305', async () => {
    const noParent = await a.send(hostCreate('ns1.zonderdomein.nl', ['192.0.2.1']));
    expect([noParent.code, noParent.ciraCode]).toEqual([2305, CiraCode.HostSuperordinateMissing]);
    await ok(a, domainCreate(valid('metns.nl')));
    const noAddr = await a.send(hostCreate('ns1.metns.nl'));
    expect([noAddr.code, noAddr.ciraCode]).toEqual([2003, CiraCode.HostAddressRequired]);
    const foreign = await b.send(hostCreate('ns2.metns.nl', ['192.0.2.2']));
    expect(foreign.code).toBe(2201);
    const external = await a.send(hostCreate('ns3.dns.example', ['192.0.2.3']));
    expect([external.code, external.ciraCode]).toEqual([2306, CiraCode.HostAddressNotAllowed]);
    await ok(a, hostCreate('ns1.metns.nl', ['192.0.2.1', '2001:db8::1']));
    expect((await a.send(hostCreate('ns1.metns.nl', ['192.0.2.1']))).code).toBe(2302);
    await ok(a, hostUpdate('ns1.metns.nl', ['192.0.2.9'], ['192.0.2.1']));
    const info = await ok(a, hostInfo('ns1.metns.nl'));
    expect(childrenOf(find(info.root, NS.host, 'infData'), NS.host, 'addr').map((x) => x.text)).toEqual([
      '2001:db8::1',
      '192.0.2.9',
    ]);
    const chk = await ok(a, hostCheck('ns1.metns.nl', 'ns9.metns.nl'));
    expect(
      childrenOf(find(chk.root, NS.host, 'chkData'), NS.host, 'cd').map(
        (cd) => child(cd, NS.host, 'name')?.attrs.avail,
      ),
    ).toEqual(['0', '1']);
    await ok(a, domainUpdate('metns.nl', { addNs: ['ns1.metns.nl'] }));
    const linked = await a.send(hostDelete('ns1.metns.nl'));
    expect([linked.code, linked.ciraCode]).toEqual([2305, CiraCode.HostLinked]);
    const gone = await a.send(hostInfo('ns7.dns.example'));
    expect([gone.code, gone.ciraCode]).toEqual([2303, 6010]);
    await ok(a, domainUpdate('metns.nl', { remNs: ['ns1.metns.nl'] }));
    await ok(a, hostDelete('ns1.metns.nl'));
  });

  it('delete puts the domain in redemption with rgp:infData and fury-rgp rgpStatusEnd (40 days)', async () => {
    await ok(a, domainCreate(valid('quarantaine.nl')));
    await ok(a, domainDelete('quarantaine.nl'));
    const r = await ok(a, domainInfo('quarantaine.nl'));
    expect(statuses(r)).toEqual([
      'inactive',
      'pendingDelete',
      'serverHold',
      'serverRenewProhibited',
      'serverTransferProhibited',
      'serverUpdateProhibited',
    ]);
    expect(find(r.root, NS.rgp, 'rgpStatus')?.attrs.s).toBe('redemptionPeriod');
    const end = new Date(childText(find(r.root, NS.furyRgp, 'rgpInfo'), NS.furyRgp, 'rgpStatusEnd')!);
    expect(Math.round((end.getTime() - f.sandbox.clock.now().getTime()) / DAY)).toBe(40);
    expect((await new XsdValidator().validate(r.xml)).errors).toEqual([]);
    expect((await a.send(domainUpdate('quarantaine.nl', { addNs: ['ns1.dns.example'] }))).ciraCode).toBe(
      CiraCode.InRedemption,
    );
    expect((await a.send(domainDelete('quarantaine.nl'))).code).toBe(2304);
    expect(
      (
        await b.send(
          domainCreate({ name: 'quarantaine.nl', registrant: 'b-reg', admin: ['b-reg'], tech: ['b-reg'] }),
        )
      ).code,
    ).toBe(2302);
  });

  it('shows no RGP extensions to a session that did not select them (Fury: only selected extensions)', async () => {
    const plain = await f.session(REG_A, [NS.fury]);
    await ok(a, domainCreate(valid('zonderrgp.nl')));
    await ok(a, domainDelete('zonderrgp.nl'));
    const r = await ok(plain, domainInfo('zonderrgp.nl'));
    expect(find(r.root, NS.rgp, 'infData')).toBeUndefined();
    expect(find(r.root, NS.furyRgp, 'rgpInfo')).toBeUndefined();
  });

  it('restores a domain in redemption with its contacts (RFC 3915 restore request)', async () => {
    await ok(a, domainCreate(valid('herstel.nl')));
    await ok(a, domainDelete('herstel.nl'));
    const notEmpty = await a.send(
      restoreRequest('herstel.nl').replace(
        '<domain:chg/>',
        '<domain:chg><domain:registrant>a-admin</domain:registrant></domain:chg>',
      ),
    );
    expect(notEmpty.code).toBeGreaterThanOrEqual(2000);
    const r = await ok(a, restoreRequest('herstel.nl'));
    expect(find(r.root, NS.rgp, 'rgpStatus')?.attrs.s).toBe('ok');
    const info = await ok(a, domainInfo('herstel.nl'));
    expect(statuses(info)).toEqual(['ok']);
    expect(childText(find(info.root, NS.domain, 'infData'), NS.domain, 'registrant')).toBe('a-reg');
    expect(find(info.root, NS.rgp, 'infData')).toBeUndefined();
    const again = await a.send(restoreRequest('herstel.nl'));
    expect([again.code, again.ciraCode]).toEqual([2304, CiraCode.NotInRedemption]);
  });

  it('frees the name when redemption ends (time travel) and queues a poll message (RFC 5730 §2.9.2.3)', async () => {
    await drainPoll(a);
    await ok(a, domainCreate(valid('verlopen.nl')));
    await ok(a, domainDelete('verlopen.nl'));
    await f.sandbox.clock.advance(39 * DAY);
    expect((await a.send(domainInfo('verlopen.nl'))).code).toBe(1000);
    await f.sandbox.clock.advance(1 * DAY + 1000);
    expect((await a.send(domainInfo('verlopen.nl'))).code).toBe(2303);
    // Other domains deleted earlier in this file are purged by the same time travel: read the whole queue.
    const messages: string[] = [];
    for (;;) {
      const poll = await a.send(pollReq());
      if (poll.code === 1300) break;
      expect(poll.code).toBe(1301);
      expect((await new XsdValidator().validate(poll.xml)).errors).toEqual([]);
      const msgQ = child(find(poll.root, NS.epp, 'response'), NS.epp, 'msgQ')!;
      messages.push(childText(msgQ, NS.epp, 'msg')!);
      const ack = await a.send(pollAck(msgQ.attrs.id));
      expect(ack.code).toBe(1000);
      expect((await a.send(pollAck(msgQ.attrs.id))).code).toBe(2303);
    }
    expect(messages.filter((m) => m.includes('verlopen.nl'))).toEqual([
      'Domain verlopen.nl purged: its redemption period ended',
    ]);
    const free = await ok(
      b,
      domainCreate({ name: 'verlopen.nl', registrant: 'b-reg', admin: ['b-reg'], tech: ['b-reg'] }),
    );
    expect(free.code).toBe(1000);
  });

  it('transfers by token at once (RFC 5731 §3.2.4), renews the token and tells the losing registrar by poll', async () => {
    await drainPoll(a);
    await ok(a, domainCreate({ ...valid('verhuis.nl'), authInfo: 'verhuis-token' }));
    const self = await a.send(domainTransfer('request', 'verhuis.nl', 'verhuis-token'));
    expect([self.code, self.ciraCode]).toEqual([2106, CiraCode.TransferToSelf]);
    const wrong = await b.send(domainTransfer('request', 'verhuis.nl', 'fout-token'));
    expect([wrong.code, wrong.ciraCode]).toEqual([2202, CiraCode.InvalidAuthInfo]);
    const r = await ok(b, domainTransfer('request', 'verhuis.nl', 'verhuis-token'));
    const trn = find(r.root, NS.domain, 'trnData');
    expect([
      childText(trn, NS.domain, 'trStatus'),
      childText(trn, NS.domain, 'reID'),
      childText(trn, NS.domain, 'acID'),
    ]).toEqual(['serverApproved', REG_B.id, REG_A.id]);
    const info = await ok(b, domainInfo('verhuis.nl'));
    expect(childText(find(info.root, NS.domain, 'infData'), NS.domain, 'clID')).toBe(REG_B.id);
    expect(childText(find(info.root, NS.domain, 'authInfo'), NS.domain, 'pw')).not.toBe('verhuis-token');
    expect((await a.send(domainInfo('verhuis.nl'))).code).toBe(2201);
    const query = await ok(a, domainTransfer('query', 'verhuis.nl'));
    expect(childText(find(query.root, NS.domain, 'trnData'), NS.domain, 'trStatus')).toBe('serverApproved');
    expect((await b.send(domainTransfer('approve', 'verhuis.nl'))).code).toBe(2301);
    const poll = await a.send(pollReq());
    expect(poll.code).toBe(1301);
    expect(childText(find(poll.root, NS.domain, 'trnData'), NS.domain, 'name')).toBe('verhuis.nl');
    expect((await new XsdValidator().validate(poll.xml)).errors).toEqual([]);
  });

  it('delivers operator-queued poll messages oldest first', async () => {
    await drainPoll(b);
    await f.sandbox.enqueuePoll(REG_B.id, 'first');
    await f.sandbox.enqueuePoll(REG_B.id, 'second');
    const first = await b.send(pollReq());
    expect(first.code).toBe(1301);
    const q = child(find(first.root, NS.epp, 'response'), NS.epp, 'msgQ')!;
    expect([q.attrs.count, childText(q, NS.epp, 'msg')]).toEqual(['2', 'first']);
    const ack = await b.send(pollAck(q.attrs.id));
    const ackQ = child(find(ack.root, NS.epp, 'response'), NS.epp, 'msgQ')!;
    expect([ackQ.attrs.count, ackQ.attrs.id]).toEqual(['1', q.attrs.id]); // RFC 5730 §2.9.2.3 example
    const second = await b.send(pollReq());
    const q2 = child(find(second.root, NS.epp, 'response'), NS.epp, 'msgQ')!;
    expect(childText(q2, NS.epp, 'msg')).toBe('second');
    expect(Number(q2.attrs.id)).toBeGreaterThan(Number(q.attrs.id));
    await b.send(pollAck(q2.attrs.id));
    expect((await b.send(pollReq())).code).toBe(1300);
  });
});

describe('SIDN sandbox: restore with report (restoreRequiresReport)', () => {
  let f: SandboxFixture;
  let a: RawEppClient;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_restore', {
      restoreRequiresReport: true,
      redemptionDays: 30,
      housekeepingIntervalMs: 60 * 60 * 1000,
      limits: LONG_SESSIONS,
    });
    a = await f.session(REG_A);
    await ok(a, contactCreate({ id: 'r-reg' }));
  });
  afterAll(async () => {
    await f.stop();
  });

  it('needs request then report (RFC 3915 §4.2.5); an unreported request falls back to redemption after 7 days', async () => {
    const d = { name: 'rapport.nl', registrant: 'r-reg', admin: ['r-reg'], tech: ['r-reg'] };
    await ok(a, domainCreate(d));
    await ok(a, domainDelete('rapport.nl'));
    const early = await a.send(restoreReport('rapport.nl', new Date(), new Date()));
    expect([early.code, early.ciraCode]).toEqual([2304, CiraCode.RestoreReportRequired]);
    const req = await ok(a, restoreRequest('rapport.nl'));
    expect(find(req.root, NS.rgp, 'rgpStatus')?.attrs.s).toBe('pendingRestore');
    expect(
      find(await ok(a, domainInfo('rapport.nl')).then((r) => r.root), NS.rgp, 'rgpStatus')?.attrs.s,
    ).toBe('pendingRestore');
    await f.sandbox.clock.advance(7 * DAY + 1000);
    expect(find((await ok(a, domainInfo('rapport.nl'))).root, NS.rgp, 'rgpStatus')?.attrs.s).toBe(
      'redemptionPeriod',
    );
    await ok(a, restoreRequest('rapport.nl'));
    await ok(a, restoreReport('rapport.nl', new Date(), new Date()));
    expect(statuses(await ok(a, domainInfo('rapport.nl')))).toEqual(['inactive']); // restored, no name servers
  });

  it('uses the configured redemption length (30 days here)', async () => {
    await ok(a, domainCreate({ name: 'dertig.nl', registrant: 'r-reg', admin: ['r-reg'], tech: ['r-reg'] }));
    await ok(a, domainDelete('dertig.nl'));
    const r = await ok(a, domainInfo('dertig.nl'));
    const end = new Date(childText(find(r.root, NS.furyRgp, 'rgpInfo'), NS.furyRgp, 'rgpStatusEnd')!);
    expect(Math.round((end.getTime() - f.sandbox.clock.now().getTime()) / DAY)).toBe(30);
  });
});
