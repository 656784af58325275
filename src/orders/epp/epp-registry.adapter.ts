import type { RegistryProfileName } from '../../epp/codec/context';
import {
  ContactCreateCommand,
  ContactUpdateCommand,
  DomainCreateCommand,
  encodeContactCreate,
  encodeContactInfo,
  encodeContactUpdate,
  encodeDomainCreate,
  encodeDomainCheck,
  encodeDomainInfo,
  encodeHostCheck,
  encodeHostCreate,
} from '../../epp/codec/commands';
import { EppError, EppErrorCode } from '../../epp/codec/errors';
import type {
  BeforeSend,
  RegistryAnswer,
  RegistryContactInfo,
  RegistryDomainInfo,
  RegistryPort,
} from '../registry.port';
import type { GatedEppExecutor } from './epp-executor';

/** The workflow's RegistryPort over real EPP: the codec's encoders on pooled, gated sessions. */
export class EppRegistryAdapter implements RegistryPort {
  private profileName?: RegistryProfileName;

  constructor(
    private readonly epp: GatedEppExecutor,
    /** Our registrar id (`clID`): tells our objects from others'. */
    private readonly registrarId: string,
  ) {}

  async profile(): Promise<RegistryProfileName> {
    this.profileName ??= await this.epp.profile();
    return this.profileName;
  }

  async createContact(
    cmd: ContactCreateCommand,
    beforeSend: BeforeSend,
  ): Promise<RegistryAnswer & { id: string }> {
    const r = await this.epp.execute((ctx) => encodeContactCreate(cmd, ctx), {
      beforeSend: (xml, clTRID) => beforeSend({ xml, clTRID }),
    });
    const data = r.response.resData;
    // DRS5 chooses its own handle: the one in creData is the one that counts.
    const id = data?.type === 'contact:creData' ? data.id : cmd.id;
    return { id, ...answer(r) };
  }

  async updateContact(cmd: ContactUpdateCommand, beforeSend: BeforeSend): Promise<RegistryAnswer> {
    const r = await this.epp.execute((ctx) => encodeContactUpdate(cmd, ctx), {
      beforeSend: (xml, clTRID) => beforeSend({ xml, clTRID }),
    });
    return answer(r);
  }

  async infoContact(id: string): Promise<RegistryContactInfo | undefined> {
    try {
      const r = await this.epp.execute((ctx) => encodeContactInfo({ id }, ctx));
      const data = r.response.resData;
      if (data?.type !== 'contact:infData') throw new Error('contact:info answered without infData');
      return { id: data.id, ours: data.clID === this.registrarId };
    } catch (e) {
      if (e instanceof EppError && e.code === EppErrorCode.ObjectDoesNotExist) return undefined;
      // Another registrar's contact: the registry refuses to show it.
      if (e instanceof EppError && e.code === EppErrorCode.AuthorizationError) return { id, ours: false };
      throw e;
    }
  }

  async createDomain(cmd: DomainCreateCommand): Promise<RegistryAnswer> {
    return answer(await this.epp.execute((ctx) => encodeDomainCreate(cmd, ctx)));
  }

  async ensureHosts(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const r = await this.epp.execute((ctx) => encodeHostCheck({ names: [...names] }, ctx));
    const data = r.response.resData;
    if (data?.type !== 'host:chkData') throw new Error('host:check answered without chkData');
    for (const item of data.items.filter((i) => i.available)) {
      try {
        await this.epp.execute((ctx) => encodeHostCreate({ name: item.name }, ctx));
      } catch (e) {
        if (!(e instanceof EppError && e.code === EppErrorCode.ObjectExists)) throw e;
      }
    }
  }

  async checkDomain(name: string): Promise<{ available: boolean; reason?: string }> {
    const r = await this.epp.execute((ctx) => encodeDomainCheck({ names: [name] }, ctx));
    const data = r.response.resData;
    const item = data?.type === 'domain:chkData' ? data.items.find((i) => i.name === name) : undefined;
    if (!item) throw new Error('domain:check answered without the name asked for');
    return { available: item.available, ...(item.reason ? { reason: item.reason } : {}) };
  }

  async infoDomain(name: string): Promise<RegistryDomainInfo | undefined> {
    try {
      const r = await this.epp.execute((ctx) => encodeDomainInfo({ name, hosts: 'none' }, ctx));
      const data = r.response.resData;
      if (data?.type !== 'domain:infData') throw new Error('domain:info answered without infData');
      return {
        name: data.name,
        ours: data.clID === this.registrarId,
        ...(data.registrant ? { registrant: data.registrant } : {}),
      };
    } catch (e) {
      if (e instanceof EppError && e.code === EppErrorCode.ObjectDoesNotExist) return undefined;
      if (e instanceof EppError && e.code === EppErrorCode.AuthorizationError) return { name, ours: false };
      throw e;
    }
  }
}

function answer(r: {
  response: { results: { code: number }[]; trID: { svTRID?: string } };
  clTRID: string;
}): RegistryAnswer {
  return {
    resultCode: r.response.results[0]?.code ?? 1000,
    clTRID: r.clTRID,
    ...(r.response.trID.svTRID ? { svTRID: r.response.trID.svTRID } : {}),
  };
}
