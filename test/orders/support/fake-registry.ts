import type { RegistryProfileName } from '../../../src/epp/codec/context';
import {
  ContactCreateCommand,
  ContactUpdateCommand,
  DomainCreateCommand,
  encodeContactCreate,
  encodeContactUpdate,
} from '../../../src/epp/codec/commands';
import { EppError, EppErrorCode } from '../../../src/epp/codec/errors';
import { NS } from '../../../src/epp/codec/namespaces';
import {
  BeforeSend,
  RegistryAnswer,
  RegistryContactInfo,
  RegistryDomainInfo,
  RegistryOutcomeUnknownError,
  RegistryPort,
  RegistryUnavailableError,
} from '../../../src/orders/registry.port';

/**
 * An in-memory registry behind the RegistryPort, for tests of the workflow's decisions (the wire is
 * tested end-to-end against the sandbox). Frames are encoded with the real encoders so the ledger
 * sees real XML. Faults are scripted per operation.
 */
export type Op =
  | 'contact:create'
  | 'contact:update'
  | 'contact:info'
  | 'domain:check'
  | 'host:ensure'
  | 'domain:create'
  | 'domain:info';
export type Fault =
  | 'unknown-before-apply'
  | 'unknown-after-apply'
  | 'answer-2400'
  | 'unavailable'
  | { permanent: EppErrorCode; resultCode: number; reason: string };

let counter = 0;

export class FakeRegistry implements RegistryPort {
  readonly contacts = new Map<string, ContactCreateCommand>();
  readonly domains = new Map<string, { registrant: string; admin?: string; tech?: string; ours: boolean }>();
  readonly calls: Op[] = [];
  readonly sentFrames: string[] = [];
  private readonly faults: { op: Op; fault: Fault }[] = [];
  profileName: RegistryProfileName = 'hello';

  inject(op: Op, fault: Fault): void {
    this.faults.push({ op, fault });
  }

  async profile(): Promise<RegistryProfileName> {
    return this.profileName;
  }

  private ctx() {
    return { clTRID: `T-${++counter}`, extensions: new Set([NS.fury]), profile: this.profileName };
  }

  private async exchange<T>(
    op: Op,
    apply: () => T,
    xml?: string,
    clTRID?: string,
    beforeSend?: BeforeSend,
  ): Promise<T> {
    this.calls.push(op);
    const i = this.faults.findIndex((f) => f.op === op);
    const fault = i >= 0 ? this.faults.splice(i, 1)[0].fault : undefined;
    if (fault === 'unavailable') throw new RegistryUnavailableError('no session');
    if (beforeSend && xml && clTRID) await beforeSend({ xml, clTRID });
    if (xml) this.sentFrames.push(xml);
    if (fault === 'unknown-before-apply') throw new RegistryOutcomeUnknownError(clTRID ?? '-', 'timeout');
    if (fault === 'answer-2400') {
      throw new EppError({
        code: EppErrorCode.CommandFailed,
        resultCode: 2400,
        reason: 'Command failed',
        svTRID: 'SV-F',
      });
    }
    if (fault && typeof fault === 'object') {
      throw new EppError({
        code: fault.permanent,
        resultCode: fault.resultCode,
        reason: fault.reason,
        svTRID: 'SV-P',
      });
    }
    const result = apply();
    if (fault === 'unknown-after-apply')
      throw new RegistryOutcomeUnknownError(clTRID ?? '-', 'connection lost');
    return result;
  }

  async createContact(
    cmd: ContactCreateCommand,
    beforeSend: BeforeSend,
  ): Promise<RegistryAnswer & { id: string }> {
    const ctx = this.ctx();
    const xml = encodeContactCreate(cmd, ctx);
    return this.exchange(
      'contact:create',
      () => {
        if (this.contacts.has(cmd.id)) {
          throw new EppError({ code: EppErrorCode.ObjectExists, resultCode: 2302, reason: 'Object exists' });
        }
        this.contacts.set(cmd.id, cmd);
        return { id: cmd.id, resultCode: 1000, clTRID: ctx.clTRID, svTRID: `SV-${ctx.clTRID}` };
      },
      xml,
      ctx.clTRID,
      beforeSend,
    );
  }

  async updateContact(cmd: ContactUpdateCommand, beforeSend: BeforeSend): Promise<RegistryAnswer> {
    const ctx = this.ctx();
    const xml = encodeContactUpdate(cmd, ctx);
    return this.exchange(
      'contact:update',
      () => {
        const c = this.contacts.get(cmd.id);
        if (!c) throw new EppError({ code: EppErrorCode.ObjectDoesNotExist, resultCode: 2303, reason: 'no' });
        const pi = cmd.chg?.postalInfo;
        this.contacts.set(cmd.id, {
          ...c,
          postalInfo: {
            ...c.postalInfo,
            ...(pi?.name ? { name: pi.name } : {}),
            ...(pi?.addr ? { addr: pi.addr } : {}),
          },
          ...(cmd.chg?.email ? { email: cmd.chg.email } : {}),
          ...(cmd.chg?.voice ? { voice: cmd.chg.voice } : {}),
        });
        return { resultCode: 1000, clTRID: ctx.clTRID, svTRID: `SV-${ctx.clTRID}` };
      },
      xml,
      ctx.clTRID,
      beforeSend,
    );
  }

  async infoContact(id: string): Promise<RegistryContactInfo | undefined> {
    return this.exchange('contact:info', () => (this.contacts.has(id) ? { id, ours: true } : undefined));
  }

  async createDomain(cmd: DomainCreateCommand): Promise<RegistryAnswer> {
    const ctx = this.ctx();
    return this.exchange('domain:create', () => {
      if (this.domains.has(cmd.name)) {
        throw new EppError({ code: EppErrorCode.ObjectExists, resultCode: 2302, reason: 'Domain exists' });
      }
      if (!this.contacts.has(cmd.registrant)) {
        throw new EppError({
          code: EppErrorCode.ObjectDoesNotExist,
          resultCode: 2303,
          reason: 'registrant unknown',
        });
      }
      this.domains.set(cmd.name, {
        registrant: cmd.registrant,
        admin: cmd.contacts.find((c) => c.type === 'admin')?.id,
        tech: cmd.contacts.find((c) => c.type === 'tech')?.id,
        ours: true,
      });
      return { resultCode: 1000, clTRID: ctx.clTRID, svTRID: `SV-${ctx.clTRID}` };
    });
  }

  readonly hosts = new Set<string>();

  async ensureHosts(names: readonly string[]): Promise<void> {
    return this.exchange('host:ensure', () => {
      for (const n of names) this.hosts.add(n);
    });
  }

  async checkDomain(name: string): Promise<{ available: boolean; reason?: string }> {
    return this.exchange('domain:check', () =>
      this.domains.has(name) ? { available: false, reason: 'In use' } : { available: true },
    );
  }

  async infoDomain(name: string): Promise<RegistryDomainInfo | undefined> {
    return this.exchange('domain:info', () => {
      const d = this.domains.get(name);
      return d ? { name, ours: d.ours, registrant: d.registrant } : undefined;
    });
  }
}
