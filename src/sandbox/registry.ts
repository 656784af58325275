import { randomBytes } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EppRequest, HostAddress } from '../epp/codec/server/command-decoder';
import {
  checkData,
  contactCreData,
  contactInfData,
  domainCreData,
  domainInfData,
  domainRenData,
  domainTrnData,
  furyObjectInfo,
  furyPropertyChkData,
  furyPropertyInfData,
  furyRgpInfo,
  hostCreData,
  hostInfData,
  MsgQSpec,
  rgpData,
} from '../epp/codec/server/response-encoder';
import { NS } from '../epp/codec/namespaces';
import type { XmlBuildElement } from '../epp/codec/xml';
import { PropertyCatalogue } from './properties';
import {
  checkAddress,
  checkContactId,
  checkEmail,
  checkPhone,
  checkPostalInfo,
  checkVoice,
} from './rules/contact-rules';
import {
  addPeriod,
  checkDomainName,
  checkHostName,
  domainNameProblem,
  superordinateDomain,
} from './rules/domain-rules';
import { fault } from './sandbox-error';
import { ContactRow, DomainRow, HostRow, SandboxStore } from './store/sandbox-store';

/** What a handled command answers (the session adds result text, trID and svTRID). */
export interface Answer {
  code?: number;
  msg?: string;
  resData?: XmlBuildElement[];
  extension?: XmlBuildElement[];
  msgQ?: MsgQSpec;
}

export interface CommandContext {
  registrar: string;
  /** Extension URIs selected at login: Fury adds response extensions only for these. */
  extURIs: ReadonlySet<string>;
  now: Date;
}

export interface RegistryPolicy {
  redemptionDays: number;
  restoreRequiresReport: boolean;
  /** RFC 3915 §3.2: how long pendingRestore waits for a report before falling back to redemption. */
  pendingRestoreDays: number;
  /** DRS5 rule: a registrant's name and legal form cannot change by update. */
  freezeRegistrantIdentity: boolean;
  legalFormKey: string;
}

const DAY = 24 * 60 * 60 * 1000;
const MAX_NAMESERVERS = 13;
const MAX_HOST_ADDRESSES = 10;
/** Statuses set when a domain enters redemption, as a Fury (.ie) deleted domain shows them. */
const REDEMPTION_STATUSES = [
  'inactive',
  'pendingDelete',
  'serverHold',
  'serverRenewProhibited',
  'serverTransferProhibited',
  'serverUpdateProhibited',
];
const CLIENT_STATUSES = new Set([
  'clientDeleteProhibited',
  'clientHold',
  'clientRenewProhibited',
  'clientTransferProhibited',
  'clientUpdateProhibited',
]);
const CONTACT_CLIENT_STATUSES = new Set([
  'clientDeleteProhibited',
  'clientTransferProhibited',
  'clientUpdateProhibited',
]);

function token(): string {
  return randomBytes(9).toString('base64url');
}

type Pick1<U, C> = U extends { command: infer K } ? (C extends K ? U : never) : never;
type Req<C extends EppRequest['command']> = Pick1<EppRequest, C>;

export class SandboxRegistry {
  constructor(
    private readonly store: SandboxStore,
    private readonly properties: PropertyCatalogue,
    private readonly policy: RegistryPolicy,
  ) {}

  async handle(req: EppRequest, ctx: CommandContext): Promise<Answer> {
    switch (req.command) {
      case 'domain:check':
        return this.domainCheck(req.ids);
      case 'contact:check':
        return this.simpleCheck('contact', req.ids, (ids) =>
          this.store.existingContactIds(this.store.pool, ids),
        );
      case 'host:check':
        return this.simpleCheck('host', req.ids, (ids) => this.store.existingHostNames(this.store.pool, ids));
      case 'contact:create':
        return this.store.transaction((db) => this.contactCreate(db, req, ctx));
      case 'contact:info':
        return this.contactInfo(req, ctx);
      case 'contact:update':
        return this.store.transaction((db) => this.contactUpdate(db, req, ctx));
      case 'contact:delete':
        return this.store.transaction((db) => this.contactDelete(db, req.id, ctx));
      case 'contact:transfer':
        throw fault(2101, 'UnimplementedCommand', 'Contact transfer is not supported');
      case 'host:create':
        return this.store.transaction((db) => this.hostCreate(db, req, ctx));
      case 'host:info':
        return this.hostInfo(req.id);
      case 'host:update':
        return this.store.transaction((db) => this.hostUpdate(db, req, ctx));
      case 'host:delete':
        return this.store.transaction((db) => this.hostDelete(db, req.id, ctx));
      case 'domain:create':
        return this.store.transaction((db) => this.domainCreate(db, req, ctx));
      case 'domain:info':
        return this.domainInfo(req, ctx);
      case 'domain:update':
        return this.store.transaction((db) => this.domainUpdate(db, req, ctx));
      case 'domain:delete':
        return this.store.transaction((db) => this.domainDelete(db, req.id, ctx));
      case 'domain:renew':
        return this.store.transaction((db) => this.domainRenew(db, req, ctx));
      case 'domain:transfer':
        return this.store.transaction((db) => this.domainTransfer(db, req, ctx));
      case 'poll':
        return this.store.transaction((db) => this.poll(db, req, ctx));
      case 'fury:info':
        return {
          extension: [
            furyPropertyInfData(req.language, this.properties.view(req.keys, req.language ?? 'en')),
          ],
        };
      case 'fury:check':
        return { extension: [furyPropertyChkData(this.properties.check(req.properties))] };
      default:
        throw fault(2101, 'UnimplementedCommand', `Command ${req.command} is not implemented by the sandbox`);
    }
  }

  // ---- checks -------------------------------------------------------------------------------------

  private async domainCheck(names: string[]): Promise<Answer> {
    const taken = await this.store.existingDomainNames(this.store.pool, names);
    return {
      resData: [
        checkData(
          'domain',
          names.map((id) => {
            const problem = domainNameProblem(id);
            if (problem) return { id, avail: false, reason: problem.reason };
            return taken.has(id) ? { id, avail: false, reason: 'Registered' } : { id, avail: true };
          }),
        ),
      ],
    };
  }

  private async simpleCheck(
    object: 'contact' | 'host',
    ids: string[],
    existing: (ids: string[]) => Promise<Set<string>>,
  ): Promise<Answer> {
    const taken = await existing(ids);
    return {
      resData: [
        checkData(
          object,
          ids.map((id) => (taken.has(id) ? { id, avail: false, reason: 'In use' } : { id, avail: true })),
        ),
      ],
    };
  }

  // ---- contacts -----------------------------------------------------------------------------------

  private async contactCreate(
    db: PoolClient,
    req: Req<'contact:create'>,
    ctx: CommandContext,
  ): Promise<Answer> {
    checkContactId(req.id);
    const postal = checkPostalInfo(req.postalInfo);
    const voice = checkVoice(req.voice);
    if (req.fax && req.fax.number !== '') checkPhone(req.fax, 'fax');
    checkEmail(req.email);
    const properties = this.properties.forCreate('contact', req.extensions.furyCreate);
    const row: ContactRow = {
      id: req.id,
      roid: await this.store.nextRoid(db, 'C'),
      registrar: ctx.registrar,
      postal,
      voice,
      fax: req.fax && req.fax.number !== '' ? req.fax : null,
      email: req.email,
      authPw: req.authInfo,
      disclose: req.disclose ?? null,
      properties,
      statuses: [],
      crId: ctx.registrar,
      crDate: ctx.now,
      upId: null,
      upDate: null,
    };
    if (!(await this.store.insertContact(db, row)))
      throw fault(2302, 'ContactExists', `Contact ${req.id} already exists`);
    return { resData: [contactCreData(req.id, ctx.now)] };
  }

  private async ownContact(db: PoolClient, id: string, ctx: CommandContext): Promise<ContactRow> {
    const c = await this.store.findContact(db, id, true);
    if (!c) throw fault(2303, 'ContactDoesNotExist', `Contact ${id} does not exist`);
    if (c.registrar !== ctx.registrar)
      throw fault(2201, 'NotSponsoringRegistrar', `Contact ${id} is sponsored by another registrar`);
    return c;
  }

  private async contactInfo(req: Req<'contact:info'>, ctx: CommandContext): Promise<Answer> {
    const c = await this.store.findContact(this.store.pool, req.id);
    if (!c) throw fault(2303, 'ContactDoesNotExist', `Contact ${req.id} does not exist`);
    const sponsor = c.registrar === ctx.registrar;
    if (!sponsor && req.authInfo !== c.authPw) {
      throw fault(2201, 'NotSponsoringRegistrar', `Contact ${req.id} is sponsored by another registrar`);
    }
    const linked = (await this.store.domainsLinkingContact(this.store.pool, c.id)).length > 0;
    const statuses = [...c.statuses];
    if (linked) statuses.push('linked');
    if (c.statuses.length === 0) statuses.unshift('ok');
    const extension: XmlBuildElement[] = [];
    const fury = ctx.extURIs.has(NS.fury) ? furyObjectInfo(c.properties) : undefined;
    if (fury) extension.push(fury);
    return {
      resData: [
        contactInfData({
          id: c.id,
          roid: c.roid,
          statuses,
          postalInfo: [c.postal],
          voice: c.voice ?? undefined,
          fax: c.fax ?? undefined,
          email: c.email,
          clID: c.registrar,
          crID: c.crId,
          crDate: c.crDate,
          upID: c.upId ?? undefined,
          upDate: c.upDate ?? undefined,
          authInfo: sponsor ? c.authPw : undefined,
        }),
      ],
      extension,
    };
  }

  private async contactUpdate(
    db: PoolClient,
    req: Req<'contact:update'>,
    ctx: CommandContext,
  ): Promise<Answer> {
    const c = await this.ownContact(db, req.id, ctx);
    if (
      c.statuses.includes('clientUpdateProhibited') &&
      !req.remStatuses.includes('clientUpdateProhibited')
    ) {
      throw fault(2304, 'StatusProhibits', `Contact ${c.id} has status clientUpdateProhibited`);
    }
    const next: ContactRow = { ...c, upId: ctx.registrar, upDate: ctx.now };
    for (const s of [...req.addStatuses, ...req.remStatuses]) {
      if (!CONTACT_CLIENT_STATUSES.has(s))
        throw fault(2306, 'ClientStatusNotAllowed', `Status ${s} cannot be set by a registrar`);
    }
    next.statuses = [
      ...new Set([...c.statuses.filter((s) => !req.remStatuses.includes(s)), ...req.addStatuses]),
    ];
    const chg = req.chg;
    if (chg) {
      if (chg.postalInfo.length > 1)
        throw fault(2306, 'PostalInfoCount', 'Exactly one postalInfo element is allowed');
      const p = chg.postalInfo[0];
      if (p) {
        next.postal = checkAddress({
          type: p.type,
          name: p.name ?? c.postal.name,
          org: p.org ?? c.postal.org,
          street: p.addr ? p.addr.street : c.postal.street,
          city: p.addr ? (p.addr.city ?? '') : c.postal.city,
          sp: p.addr ? p.addr.sp : c.postal.sp,
          pc: p.addr ? p.addr.pc : c.postal.pc,
          cc: p.addr ? (p.addr.cc ?? '') : c.postal.cc,
        });
      }
      if (chg.voice !== undefined) next.voice = checkVoice(chg.voice ?? undefined);
      if (chg.fax !== undefined) {
        if (chg.fax) checkPhone(chg.fax, 'fax');
        next.fax = chg.fax;
      }
      if (chg.email !== undefined) {
        checkEmail(chg.email);
        next.email = chg.email;
      }
      if (chg.authInfo !== undefined) next.authPw = chg.authInfo;
      if (chg.disclose !== undefined) next.disclose = chg.disclose;
    }
    next.properties = this.properties.forUpdate('contact', c.properties, req.extensions.furyUpdate);
    if (this.policy.freezeRegistrantIdentity) {
      const registrantOf = (await this.store.domainsLinkingContact(db, c.id)).filter((d) => d.asRegistrant);
      const key = this.policy.legalFormKey;
      const legalFormChanged =
        JSON.stringify(next.properties[key] ?? []) !== JSON.stringify(c.properties[key] ?? []);
      if (registrantOf.length > 0 && (next.postal.name !== c.postal.name || legalFormChanged)) {
        throw fault(
          2306,
          'RegistrantIdentityFrozen',
          `The name and legal form of a registrant cannot be changed by update (registrant of ${registrantOf.length} domain(s))`,
        );
      }
    }
    await this.store.updateContact(db, next);
    return {};
  }

  private async contactDelete(db: PoolClient, id: string, ctx: CommandContext): Promise<Answer> {
    const c = await this.ownContact(db, id, ctx);
    if (c.statuses.includes('clientDeleteProhibited')) {
      throw fault(2304, 'StatusProhibits', `Contact ${id} has status clientDeleteProhibited`);
    }
    const links = await this.store.domainsLinkingContact(db, id);
    if (links.length > 0) {
      throw fault(2305, 'ContactLinked', `Contact ${id} is linked to ${links.length} domain name(s)`);
    }
    await this.store.deleteContact(db, id);
    return {};
  }

  // ---- hosts --------------------------------------------------------------------------------------

  private checkAddresses(addrs: HostAddress[]): void {
    if (addrs.length > MAX_HOST_ADDRESSES)
      throw fault(2306, 'HostTooManyAddresses', `At most ${MAX_HOST_ADDRESSES} addresses`);
  }

  private async hostCreate(db: PoolClient, req: Req<'host:create'>, ctx: CommandContext): Promise<Answer> {
    checkHostName(req.name);
    this.checkAddresses(req.addrs);
    const parent = superordinateDomain(req.name);
    if (parent) {
      // RFC 5732 §3.2.1: the superordinate domain of an in-zone host must exist (and be the client's).
      const domain = await this.store.findDomain(db, parent);
      if (!domain || domain.rgpStatus) {
        throw fault(2305, 'HostSuperordinateMissing', `Superordinate domain ${parent} does not exist`);
      }
      if (domain.registrar !== ctx.registrar) {
        throw fault(
          2201,
          'NotSponsoringRegistrar',
          `Superordinate domain ${parent} is sponsored by another registrar`,
        );
      }
      if (req.addrs.length === 0)
        throw fault(2003, 'HostAddressRequired', 'An in-zone host needs at least one address');
    } else if (req.addrs.length > 0) {
      throw fault(2306, 'HostAddressNotAllowed', 'Addresses are only allowed for hosts under .nl (in-zone)');
    }
    const row: HostRow = {
      name: req.name,
      roid: await this.store.nextRoid(db, 'H'),
      registrar: ctx.registrar,
      addrs: req.addrs,
      statuses: [],
      crId: ctx.registrar,
      crDate: ctx.now,
      upId: null,
      upDate: null,
    };
    if (!(await this.store.insertHost(db, row)))
      throw fault(2302, 'HostExists', `Host ${req.name} already exists`);
    return { resData: [hostCreData(req.name, ctx.now)] };
  }

  private async hostInfo(name: string): Promise<Answer> {
    const h = await this.store.findHost(this.store.pool, name);
    if (!h) throw fault(2303, 'HostDoesNotExist', 'Host does not exist');
    const linked = (await this.store.domainsUsingHost(this.store.pool, name)).length > 0;
    const statuses = h.statuses.length === 0 ? ['ok'] : [...h.statuses];
    if (linked) statuses.push('linked');
    return {
      resData: [
        hostInfData({
          name: h.name,
          roid: h.roid,
          statuses,
          addrs: h.addrs,
          clID: h.registrar,
          crID: h.crId,
          crDate: h.crDate,
          upID: h.upId ?? undefined,
          upDate: h.upDate ?? undefined,
        }),
      ],
    };
  }

  private async ownHost(db: PoolClient, name: string, ctx: CommandContext): Promise<HostRow> {
    const h = await this.store.findHost(db, name, true);
    if (!h) throw fault(2303, 'HostDoesNotExist', 'Host does not exist');
    if (h.registrar !== ctx.registrar)
      throw fault(2201, 'NotSponsoringRegistrar', `Host ${name} is sponsored by another registrar`);
    return h;
  }

  private async hostUpdate(db: PoolClient, req: Req<'host:update'>, ctx: CommandContext): Promise<Answer> {
    const h = await this.ownHost(db, req.name, ctx);
    if (req.newName !== undefined && req.newName !== h.name) {
      throw fault(2306, 'HostRenameUnsupported', 'Renaming a host is not supported');
    }
    for (const s of [...req.add.statuses, ...req.rem.statuses]) {
      if (!CONTACT_CLIENT_STATUSES.has(s))
        throw fault(2306, 'ClientStatusNotAllowed', `Status ${s} cannot be set by a registrar`);
    }
    const same = (a: HostAddress, b: HostAddress) => a.ip === b.ip && a.addr === b.addr;
    const addrs = [
      ...h.addrs.filter((a) => !req.rem.addrs.some((r) => same(a, r))),
      ...req.add.addrs.filter((a) => !h.addrs.some((x) => same(a, x))),
    ];
    this.checkAddresses(addrs);
    if (superordinateDomain(h.name) && addrs.length === 0) {
      throw fault(2003, 'HostAddressRequired', 'An in-zone host needs at least one address');
    }
    if (!superordinateDomain(h.name) && addrs.length > 0) {
      throw fault(2306, 'HostAddressNotAllowed', 'Addresses are only allowed for hosts under .nl (in-zone)');
    }
    const statuses = [
      ...new Set([...h.statuses.filter((s) => !req.rem.statuses.includes(s)), ...req.add.statuses]),
    ];
    await this.store.updateHost(db, { ...h, addrs, statuses, upId: ctx.registrar, upDate: ctx.now });
    return {};
  }

  private async hostDelete(db: PoolClient, name: string, ctx: CommandContext): Promise<Answer> {
    const h = await this.ownHost(db, name, ctx);
    if (h.statuses.includes('clientDeleteProhibited'))
      throw fault(2304, 'StatusProhibits', `Host ${name} has status clientDeleteProhibited`);
    const users = await this.store.domainsUsingHost(db, name);
    if (users.length > 0)
      throw fault(2305, 'HostLinked', `Host ${name} is a name server of ${users.length} domain name(s)`);
    await this.store.deleteHost(db, name);
    return {};
  }

  // ---- domains ------------------------------------------------------------------------------------

  /** Domain contact rules (DRS5 §6.2.2 / issue 3): registrant, exactly one admin, >= 1 tech, no billing. */
  private async checkDomainContacts(
    db: PoolClient,
    registrant: string | undefined,
    contacts: { type: string; id: string }[],
    ctx: CommandContext,
  ): Promise<{ admin: string[]; tech: string[] }> {
    if (!registrant) throw fault(2003, 'RegistrantMissing', 'A registrant is required');
    const bad = contacts.find((c) => c.type !== 'admin' && c.type !== 'tech');
    if (bad)
      throw fault(
        2306,
        'ContactTypeNotAllowed',
        `Contact type ${bad.type} is not used under .nl (only admin and tech)`,
      );
    const admin = [...new Set(contacts.filter((c) => c.type === 'admin').map((c) => c.id))];
    const tech = [...new Set(contacts.filter((c) => c.type === 'tech').map((c) => c.id))];
    if (admin.length !== 1) throw fault(2306, 'AdminCount', 'Exactly one admin contact is required');
    if (tech.length < 1) throw fault(2003, 'TechMissing', 'At least one tech contact is required');
    await this.checkOwnContacts(db, [registrant, ...admin, ...tech], ctx);
    return { admin, tech };
  }

  /** Referenced contacts must exist (2303) and belong to the registrar (2201). */
  private async checkOwnContacts(db: PoolClient, ids: string[], ctx: CommandContext): Promise<void> {
    for (const id of new Set(ids)) {
      const c = await this.store.findContact(db, id);
      if (!c) throw fault(2303, 'ReferencedContactMissing', `Contact ${id} does not exist`);
      if (c.registrar !== ctx.registrar) {
        throw fault(2201, 'ContactNotOwned', `Contact ${id} is sponsored by another registrar`);
      }
    }
  }

  private async checkNameservers(db: PoolClient, hostObjs: string[], hostAttrCount: number): Promise<void> {
    if (hostAttrCount > 0)
      throw fault(2306, 'HostAttrNotAllowed', 'Name servers must be host objects (hostObj), not hostAttr');
    if (hostObjs.length > MAX_NAMESERVERS)
      throw fault(2306, 'TooManyNameservers', `At most ${MAX_NAMESERVERS} name servers`);
    const existing = await this.store.existingHostNames(db, hostObjs);
    const missing = hostObjs.find((h) => !existing.has(h));
    if (missing) throw fault(2303, 'ReferencedHostMissing', `Host ${missing} does not exist`);
  }

  private async domainCreate(
    db: PoolClient,
    req: Req<'domain:create'>,
    ctx: CommandContext,
  ): Promise<Answer> {
    checkDomainName(req.name);
    const period = req.period ?? { value: 1, unit: 'y' as const };
    this.checkPeriod(period);
    const { admin, tech } = await this.checkDomainContacts(db, req.registrant, req.contacts, ctx);
    const ns = [...new Set(req.hostObjs)];
    await this.checkNameservers(db, ns, req.hostAttrCount);
    const properties = this.properties.forCreate('domain', req.extensions.furyCreate);
    const exDate = addPeriod(ctx.now, period);
    const row: DomainRow = {
      name: req.name,
      roid: await this.store.nextRoid(db, 'D'),
      registrar: ctx.registrar,
      registrant: req.registrant!,
      admin,
      tech,
      ns,
      authPw: req.authInfo,
      statuses: [],
      properties,
      secDns: null,
      crId: ctx.registrar,
      crDate: ctx.now,
      upId: null,
      upDate: null,
      exDate,
      trDate: null,
      lastTransfer: null,
      rgpStatus: null,
      rgpEnd: null,
      pendingRestoreEnd: null,
      deletedAt: null,
    };
    if (!(await this.store.insertDomain(db, row)))
      throw fault(2302, 'DomainExists', `Domain ${req.name} is already registered`);
    return { resData: [domainCreData(req.name, ctx.now, exDate)] };
  }

  private checkPeriod(p: { value: number; unit: 'y' | 'm' }): void {
    const months = p.unit === 'y' ? p.value * 12 : p.value;
    if (months < 12 || months > 120 || months % 12 !== 0) {
      throw fault(
        2004,
        'PeriodNotAllowed',
        'The period must be 1 to 10 years (12 to 120 months, whole years)',
      );
    }
  }

  private domainStatuses(d: DomainRow): string[] {
    if (d.rgpStatus) return [...REDEMPTION_STATUSES];
    const s = [...d.statuses];
    if (d.ns.length === 0) s.push('inactive');
    return s.length === 0 ? ['ok'] : s;
  }

  private async domainInfo(req: Req<'domain:info'>, ctx: CommandContext): Promise<Answer> {
    const d = await this.store.findDomain(this.store.pool, req.name);
    if (!d) throw fault(2303, 'DomainDoesNotExist', 'Domain name does not exist');
    const sponsor = d.registrar === ctx.registrar;
    if (!sponsor && (req.authInfo === undefined || req.authInfo !== d.authPw)) {
      throw fault(2201, 'NotSponsoringRegistrar', `Domain ${d.name} is sponsored by another registrar`);
    }
    const sub = await this.store.subordinateHosts(this.store.pool, d.name);
    const wantNs = req.hosts === 'all' || req.hosts === 'del';
    const wantSub = req.hosts === 'all' || req.hosts === 'sub';
    const extension: XmlBuildElement[] = [];
    const fury = ctx.extURIs.has(NS.fury) ? furyObjectInfo(d.properties) : undefined;
    if (fury) extension.push(fury);
    if (d.rgpStatus) {
      if (ctx.extURIs.has(NS.rgp)) extension.push(rgpData('infData', d.rgpStatus));
      const end = d.rgpStatus === 'pendingRestore' ? d.pendingRestoreEnd : d.rgpEnd;
      if (ctx.extURIs.has(NS.furyRgp) && end) extension.push(furyRgpInfo(end));
    }
    return {
      resData: [
        domainInfData({
          name: d.name,
          roid: d.roid,
          statuses: this.domainStatuses(d),
          registrant: d.registrant,
          contacts: [
            ...d.admin.map((id) => ({ type: 'admin', id })),
            ...d.tech.map((id) => ({ type: 'tech', id })),
          ],
          hostObjs: wantNs ? d.ns : undefined,
          subordinateHosts: wantSub ? sub : undefined,
          clID: d.registrar,
          crID: d.crId,
          crDate: d.crDate,
          upID: d.upId ?? undefined,
          upDate: d.upDate ?? undefined,
          exDate: d.exDate,
          trDate: d.trDate ?? undefined,
          authInfo: sponsor ? d.authPw : undefined,
        }),
      ],
      extension,
    };
  }

  private async ownDomain(db: PoolClient, name: string, ctx: CommandContext): Promise<DomainRow> {
    const d = await this.store.findDomain(db, name, true);
    if (!d) throw fault(2303, 'DomainDoesNotExist', 'Domain name does not exist');
    if (d.registrar !== ctx.registrar)
      throw fault(2201, 'NotSponsoringRegistrar', `Domain ${name} is sponsored by another registrar`);
    return d;
  }

  private async domainUpdate(
    db: PoolClient,
    req: Req<'domain:update'>,
    ctx: CommandContext,
  ): Promise<Answer> {
    const d = await this.ownDomain(db, req.name, ctx);
    if (req.extensions.rgpRestore) return this.restore(db, d, req, ctx);
    if (d.rgpStatus) throw fault(2304, 'InRedemption', `Domain ${d.name} is in its redemption period`);
    const removesUpdateProhibited = req.rem.statuses.includes('clientUpdateProhibited');
    if (d.statuses.includes('clientUpdateProhibited') && !removesUpdateProhibited) {
      throw fault(2304, 'StatusProhibits', `Domain ${d.name} has status clientUpdateProhibited`);
    }
    for (const s of [...req.add.statuses, ...req.rem.statuses]) {
      if (!CLIENT_STATUSES.has(s))
        throw fault(2306, 'ClientStatusNotAllowed', `Status ${s} cannot be set by a registrar`);
    }
    if (req.add.hostAttrCount > 0)
      throw fault(2306, 'HostAttrNotAllowed', 'Name servers must be host objects (hostObj), not hostAttr');
    const ns = [
      ...d.ns.filter((h) => !req.rem.hostObjs.includes(h)),
      ...req.add.hostObjs.filter((h) => !d.ns.includes(h)),
    ];
    await this.checkNameservers(db, req.add.hostObjs, 0);
    if (ns.length > MAX_NAMESERVERS)
      throw fault(2306, 'TooManyNameservers', `At most ${MAX_NAMESERVERS} name servers`);
    const roleList = (type: string, current: string[]) => [
      ...current.filter((id) => !req.rem.contacts.some((c) => c.type === type && c.id === id)),
      ...req.add.contacts.filter((c) => c.type === type && !current.includes(c.id)).map((c) => c.id),
    ];
    const registrant = req.chg?.registrant ?? d.registrant;
    const contacts = [
      ...roleList('admin', d.admin).map((id) => ({ type: 'admin', id })),
      ...roleList('tech', d.tech).map((id) => ({ type: 'tech', id })),
      ...[...req.add.contacts].filter((c) => c.type !== 'admin' && c.type !== 'tech'),
    ];
    // Only contacts newly referenced must be the registrar's own (after a transfer, old ones may be foreign).
    const before = new Set([d.registrant, ...d.admin, ...d.tech]);
    const bad = contacts.find((c) => c.type !== 'admin' && c.type !== 'tech');
    if (bad)
      throw fault(
        2306,
        'ContactTypeNotAllowed',
        `Contact type ${bad.type} is not used under .nl (only admin and tech)`,
      );
    const admin = contacts.filter((c) => c.type === 'admin').map((c) => c.id);
    const tech = contacts.filter((c) => c.type === 'tech').map((c) => c.id);
    if (admin.length !== 1) throw fault(2306, 'AdminCount', 'Exactly one admin contact is required');
    if (tech.length < 1) throw fault(2003, 'TechMissing', 'At least one tech contact is required');
    await this.checkOwnContacts(
      db,
      [registrant, ...admin, ...tech].filter((id) => !before.has(id)),
      ctx,
    );
    const properties = this.properties.forUpdate('domain', d.properties, req.extensions.furyUpdate);
    const statuses = [
      ...new Set([...d.statuses.filter((s) => !req.rem.statuses.includes(s)), ...req.add.statuses]),
    ];
    await this.store.updateDomain(db, {
      ...d,
      ns,
      admin,
      tech,
      registrant,
      statuses,
      properties,
      authPw: req.chg?.authInfo ?? d.authPw,
      secDns: req.extensions.secDNS ? JSON.stringify(req.extensions.secDNS) : d.secDns,
      upId: ctx.registrar,
      upDate: ctx.now,
    });
    return {};
  }

  /** RFC 3915 restore: `domain:update` with an empty `chg` plus `rgp:update/rgp:restore`. */
  private async restore(
    db: PoolClient,
    d: DomainRow,
    req: Req<'domain:update'>,
    ctx: CommandContext,
  ): Promise<Answer> {
    const restore = req.extensions.rgpRestore!;
    const changes =
      req.add.hostObjs.length +
      req.add.contacts.length +
      req.add.statuses.length +
      req.rem.hostObjs.length +
      req.rem.contacts.length +
      req.rem.statuses.length;
    if (changes > 0 || req.chg?.registrant !== undefined || req.chg?.authInfo !== undefined) {
      throw fault(
        2306,
        'RestoreChgNotEmpty',
        'A restore request carries no other changes (empty domain:chg)',
      );
    }
    const restored = (): DomainRow => ({
      ...d,
      rgpStatus: null,
      rgpEnd: null,
      pendingRestoreEnd: null,
      deletedAt: null,
      upId: ctx.registrar,
      upDate: ctx.now,
    });
    const ext = (status: string) => (ctx.extURIs.has(NS.rgp) ? [rgpData('upData', status)] : []);
    if (restore.op === 'request') {
      if (d.rgpStatus !== 'redemptionPeriod')
        throw fault(2304, 'NotInRedemption', `Domain ${d.name} is not in its redemption period`);
      if (!this.policy.restoreRequiresReport) {
        await this.store.updateDomain(db, restored());
        return { extension: ext('ok') };
      }
      await this.store.updateDomain(db, {
        ...d,
        rgpStatus: 'pendingRestore',
        pendingRestoreEnd: new Date(ctx.now.getTime() + this.policy.pendingRestoreDays * DAY),
        upId: ctx.registrar,
        upDate: ctx.now,
      });
      return { extension: ext('pendingRestore') };
    }
    if (d.rgpStatus !== 'pendingRestore') {
      throw fault(
        2304,
        'RestoreReportRequired',
        `Domain ${d.name} has no restore request waiting for a report`,
      );
    }
    await this.store.updateDomain(db, restored());
    return { extension: ext('ok') };
  }

  private async domainDelete(db: PoolClient, name: string, ctx: CommandContext): Promise<Answer> {
    const d = await this.ownDomain(db, name, ctx);
    if (d.rgpStatus)
      throw fault(2304, 'InRedemption', `Domain ${d.name} is already in its redemption period`);
    if (d.statuses.includes('clientDeleteProhibited')) {
      throw fault(2304, 'StatusProhibits', `Domain ${d.name} has status clientDeleteProhibited`);
    }
    for (const h of await this.store.subordinateHosts(db, d.name)) {
      const users = (await this.store.domainsUsingHost(db, h)).filter((u) => u !== d.name);
      if (users.length > 0) {
        throw fault(
          2305,
          'SubordinateHostsInUse',
          `Host ${h} under ${d.name} is a name server of other domain names`,
        );
      }
    }
    // .nl quarantine = RFC 3915 redemptionPeriod (40 days by default, DRS5's quarantine length).
    await this.store.updateDomain(db, {
      ...d,
      rgpStatus: 'redemptionPeriod',
      rgpEnd: new Date(ctx.now.getTime() + this.policy.redemptionDays * DAY),
      deletedAt: ctx.now,
      upId: ctx.registrar,
      upDate: ctx.now,
    });
    return {};
  }

  private async domainRenew(db: PoolClient, req: Req<'domain:renew'>, ctx: CommandContext): Promise<Answer> {
    const d = await this.ownDomain(db, req.name, ctx);
    if (d.rgpStatus) throw fault(2304, 'InRedemption', `Domain ${d.name} is in its redemption period`);
    if (d.statuses.includes('clientRenewProhibited'))
      throw fault(2304, 'StatusProhibits', `Domain ${d.name} has status clientRenewProhibited`);
    if (d.exDate.toISOString().slice(0, 10) !== req.curExpDate) {
      throw fault(
        2306,
        'CurExpDateMismatch',
        `curExpDate does not match the current expiry date ${d.exDate.toISOString().slice(0, 10)}`,
      );
    }
    const period = req.period ?? { value: 1, unit: 'y' as const };
    this.checkPeriod(period);
    const exDate = addPeriod(d.exDate, period);
    if (exDate.getTime() > addPeriod(ctx.now, { value: 10, unit: 'y' }).getTime()) {
      throw fault(2306, 'PeriodNotAllowed', 'A domain cannot be registered for more than 10 years ahead');
    }
    await this.store.updateDomain(db, { ...d, exDate, upId: ctx.registrar, upDate: ctx.now });
    return { resData: [domainRenData(d.name, exDate)] };
  }

  private transferView(d: DomainRow) {
    const t = d.lastTransfer!;
    return domainTrnData({
      name: d.name,
      trStatus: t.trStatus,
      reID: t.reID,
      reDate: new Date(t.reDate),
      acID: t.acID,
      acDate: new Date(t.acDate),
      exDate: d.exDate,
    });
  }

  /** RFC 5731 transfer by authInfo token; approved at once (Fury .ca: request-only, real-time). */
  private async domainTransfer(
    db: PoolClient,
    req: Req<'domain:transfer'>,
    ctx: CommandContext,
  ): Promise<Answer> {
    const d = await this.store.findDomain(db, req.id, true);
    if (!d) throw fault(2303, 'DomainDoesNotExist', 'Domain name does not exist');
    if (req.op === 'query') {
      const party = d.registrar === ctx.registrar || d.lastTransfer?.acID === ctx.registrar;
      if (!party && req.authInfo !== d.authPw) {
        throw fault(2201, 'NotSponsoringRegistrar', `Domain ${d.name} is sponsored by another registrar`);
      }
      if (!d.lastTransfer) throw fault(2301, 'NoTransfer', `No transfer of ${d.name} is known`);
      return { resData: [this.transferView(d)] };
    }
    if (req.op !== 'request')
      throw fault(2301, 'NoTransfer', `No transfer of ${d.name} is pending: transfers complete at once`);
    if (d.registrar === ctx.registrar)
      throw fault(2106, 'TransferToSelf', `Domain ${d.name} is already sponsored by you`);
    if (d.rgpStatus) throw fault(2304, 'InRedemption', `Domain ${d.name} is in its redemption period`);
    if (d.statuses.includes('clientTransferProhibited')) {
      throw fault(2304, 'StatusProhibits', `Domain ${d.name} has status clientTransferProhibited`);
    }
    if (req.authInfo === undefined || req.authInfo !== d.authPw) {
      throw fault(2202, 'InvalidAuthInfo', 'The authorization information (token) is not correct');
    }
    const losing = d.registrar;
    const moved: DomainRow = {
      ...d,
      registrar: ctx.registrar,
      authPw: token(), // a new token after a transfer (DRS5 §4.1.2; Fury: GAP)
      trDate: ctx.now,
      upId: ctx.registrar,
      upDate: ctx.now,
      lastTransfer: {
        reID: ctx.registrar,
        reDate: ctx.now.toISOString(),
        acID: losing,
        acDate: ctx.now.toISOString(),
        trStatus: 'serverApproved',
      },
    };
    await this.store.updateDomain(db, moved);
    await this.store.enqueuePoll(
      db,
      losing,
      ctx.now,
      `Transfer completed: ${d.name} transferred away`,
      this.transferView(moved),
    );
    return { resData: [this.transferView(moved)] };
  }

  // ---- poll ---------------------------------------------------------------------------------------

  /** RFC 5730 §2.9.2.3: req gives the oldest message (1301) or 1300; ack removes one by id. */
  private async poll(db: PoolClient, req: Req<'poll'>, ctx: CommandContext): Promise<Answer> {
    if (req.op === 'ack') {
      if (!req.msgID || !(await this.store.ackPoll(db, ctx.registrar, req.msgID))) {
        throw fault(2303, 'PollMessageMissing', `No message ${req.msgID ?? ''} in your queue`);
      }
      // As RFC 5730's example: count = messages left, id = the message just acknowledged.
      const { count } = await this.store.pollHead(db, ctx.registrar);
      return { msgQ: { count, id: req.msgID } };
    }
    const { head, count } = await this.store.pollHead(db, ctx.registrar);
    if (!head) return { code: 1300 };
    return {
      code: 1301,
      msgQ: { count, id: head.id, qDate: head.qDate, msg: head.msg },
      resData: head.resData ? [head.resData] : undefined,
    };
  }

  // ---- time-driven ----------------------------------------------------------------------------------

  /** Purges domains whose redemption ended and expires unreported restores; returns what it did. */
  async runDue(now: Date): Promise<{ purged: string[]; restoreExpired: string[] }> {
    return this.store.transaction(async (db) => {
      const restoreExpired: string[] = [];
      for (const d of await this.store.domainsWithExpiredPendingRestore(db, now)) {
        await this.store.updateDomain(db, { ...d, rgpStatus: 'redemptionPeriod', pendingRestoreEnd: null });
        restoreExpired.push(d.name);
      }
      const purged: string[] = [];
      for (const d of await this.store.domainsDueForPurge(db, now)) {
        for (const h of await this.store.subordinateHosts(db, d.name)) await this.store.deleteHost(db, h);
        await this.store.deleteDomain(db, d.name);
        await this.store.enqueuePoll(
          db,
          d.registrar,
          now,
          `Domain ${d.name} purged: its redemption period ended`,
        );
        purged.push(d.name);
      }
      return { purged, restoreExpired };
    });
  }
}
