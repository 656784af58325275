import { Inject, Injectable } from '@nestjs/common';
import type { EncodeContext, RegistryProfileName } from '../epp/codec/context';
import {
  ContactUpdateCommand,
  encodeContactDelete,
  encodeContactUpdate,
  encodeDomainCancelDelete,
  encodeDomainDelete,
  encodeDomainInfo,
  encodeDomainRestoreRequest,
  encodePollAck,
  encodePollRequest,
} from '../epp/codec/commands';
import { EppError, EppErrorCode } from '../epp/codec/errors';
import type { EppResponse } from '../epp/codec/responses/types';
import {
  BeforeSend,
  EppExecutor,
  LIFECYCLE_EPP_EXECUTOR,
  LIFECYCLE_REGISTRAR_ID,
  LifecycleRegistryPort,
  RegistryConfirmation,
  RegistryDomainLookup,
  RegistryPollMessage,
} from './lifecycle-registry.port';

/**
 * The lifecycle's registry commands over the EPP executor. Each command is encoded for the session
 * that sends it (its clTRID, negotiated extensions and profile), so the restore follows the platform:
 * RFC 3915 restore on Hello Registry, `domainCancelDelete` on DRS5 (SIDN-PROFILE.md, delete/restore rows).
 */
@Injectable()
export class EppLifecycleRegistry implements LifecycleRegistryPort {
  constructor(
    @Inject(LIFECYCLE_EPP_EXECUTOR) private readonly epp: EppExecutor,
    @Inject(LIFECYCLE_REGISTRAR_ID) private readonly registrarId: string,
  ) {}

  async profile(): Promise<RegistryProfileName> {
    return this.epp.profile ? this.epp.profile() : 'hello';
  }

  async infoDomain(name: string): Promise<RegistryDomainLookup> {
    try {
      const { response } = await this.run((ctx) => encodeDomainInfo({ name, hosts: 'none' }, ctx));
      const data = response.resData;
      if (!data || data.type !== 'domain:infData') throw new Error('domain:info answered without infData');
      const end = response.extensions.furyRgp?.rgpStatusEnd;
      return {
        exists: true,
        name: data.name,
        ours: data.clID === this.registrarId,
        statuses: data.statuses.map((s) => s.s),
        rgpStatuses: response.extensions.rgp?.statuses ?? [],
        rgpStatusEnd: end ? new Date(end) : undefined,
        exDate: data.exDate ? new Date(data.exDate) : undefined,
        registrant: data.registrant,
        svTRID: response.trID.svTRID,
      };
    } catch (e) {
      // Unknown (2303), or another registrar's domain whose info is refused (2201): not ours either way.
      if (
        e instanceof EppError &&
        (e.code === EppErrorCode.ObjectDoesNotExist || e.code === EppErrorCode.AuthorizationError)
      ) {
        return { exists: false, name, resultCode: e.resultCode, svTRID: e.svTRID };
      }
      throw e;
    }
  }

  deleteDomain(name: string, beforeSend: BeforeSend): Promise<RegistryConfirmation> {
    return this.confirm((ctx) => encodeDomainDelete({ name }, ctx), beforeSend);
  }

  restoreDomain(name: string, beforeSend: BeforeSend): Promise<RegistryConfirmation> {
    return this.confirm(
      (ctx) =>
        ctx.profile === 'drs5'
          ? encodeDomainCancelDelete({ name }, ctx.clTRID)
          : encodeDomainRestoreRequest({ name }, ctx),
      beforeSend,
    );
  }

  deleteContact(handle: string, beforeSend: BeforeSend): Promise<RegistryConfirmation> {
    return this.confirm((ctx) => encodeContactDelete({ id: handle }, ctx), beforeSend);
  }

  updateContact(cmd: ContactUpdateCommand, beforeSend: BeforeSend): Promise<RegistryConfirmation> {
    return this.confirm((ctx) => encodeContactUpdate(cmd, ctx), beforeSend);
  }

  async pollRequest(): Promise<RegistryPollMessage | undefined> {
    const { response } = await this.run((ctx) => encodePollRequest(ctx.clTRID));
    const q = response.msgQ;
    if (!q || response.results[0]?.code === 1300) return undefined;
    return { id: q.id, count: q.count, qDate: q.qDate ? new Date(q.qDate) : undefined, msg: q.msg, response };
  }

  async pollAck(messageId: string): Promise<void> {
    try {
      await this.run((ctx) => encodePollAck(messageId, ctx.clTRID));
    } catch (e) {
      // Already acknowledged (a retry after a lost answer): the queue no longer holds it.
      if (e instanceof EppError && e.code === EppErrorCode.ObjectDoesNotExist) return;
      throw e;
    }
  }

  private async run(
    encode: (ctx: EncodeContext) => string,
    beforeSend?: BeforeSend,
  ): Promise<{ response: EppResponse; clTRID: string }> {
    let clTRID = '';
    const { response } = await this.epp.execute(
      (ctx) => {
        clTRID = ctx.clTRID;
        return encode(ctx);
      },
      beforeSend ? { beforeSend: (xml) => beforeSend({ xml, clTRID }) } : undefined,
    );
    return { response, clTRID: response.trID.clTRID ?? clTRID };
  }

  private async confirm(
    encode: (ctx: EncodeContext) => string,
    beforeSend: BeforeSend,
  ): Promise<RegistryConfirmation> {
    const { response, clTRID } = await this.run(encode, beforeSend);
    return { resultCode: response.results[0]?.code ?? 1000, clTRID, svTRID: response.trID.svTRID };
  }
}
