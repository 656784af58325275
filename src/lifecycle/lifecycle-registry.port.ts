import type { ContactUpdateCommand } from '../epp/codec/commands/types';
import type { EncodeContext, RegistryProfileName } from '../epp/codec/context';
import type { EppResponse } from '../epp/codec/responses/types';

/**
 * What the lapse and deletion chain needs from the registry. `EppLifecycleRegistry` implements it
 * over the lead's `RegistryService.execute` (provided under LIFECYCLE_EPP_EXECUTOR); the integration
 * tests drive the same adapter against the sandbox.
 *
 * Errors: `EppError` (src/epp/codec/errors.ts) when the registry answered >= 2000; anything else
 * means the outcome is unknown (timeout, dropped connection, no session): the job reconciles by
 * looking (domain:info) before it acts again, never by blindly repeating.
 */
export interface RegistryConfirmation {
  readonly resultCode: number;
  readonly clTRID: string;
  readonly svTRID?: string;
}

/** Called with the exact frame and its clTRID before it leaves (commit the ledger intent here). */
export type BeforeSend = (frame: { xml: string; clTRID: string }) => Promise<void>;

export interface RegistryDomainState {
  readonly exists: true;
  readonly name: string;
  /** Sponsored by our registrar account. */
  readonly ours: boolean;
  readonly statuses: readonly string[];
  /** RFC 3915 rgp statuses, e.g. `redemptionPeriod`, `pendingRestore`. */
  readonly rgpStatuses: readonly string[];
  /** fury-rgp `rgpStatusEnd`: when quarantine ends, when the registry says so. */
  readonly rgpStatusEnd?: Date;
  /** End of the paid period. */
  readonly exDate?: Date;
  readonly registrant?: string;
  readonly svTRID?: string;
}

/** The registry does not know the name (2303), or does not let us see it (2201: another registrar's). */
export interface RegistryDomainAbsent {
  readonly exists: false;
  readonly name: string;
  readonly resultCode: number;
  readonly svTRID?: string;
}

export type RegistryDomainLookup = RegistryDomainState | RegistryDomainAbsent;

/** In quarantine: RFC 3915 redemption (or a restore waiting for its report), or pendingDelete. */
export function inQuarantine(d: RegistryDomainState): boolean {
  return (
    d.rgpStatuses.includes('redemptionPeriod') ||
    d.rgpStatuses.includes('pendingRestore') ||
    d.statuses.includes('pendingDelete')
  );
}

export interface RegistryPollMessage {
  readonly id: string;
  readonly count: number;
  readonly qDate?: Date;
  readonly msg?: string;
  readonly response: EppResponse;
}

export interface LifecycleRegistryPort {
  /** The registry profile in force (how the registrant is projected on rectification). */
  profile(): Promise<RegistryProfileName>;
  /** domain:info; `exists: false` when the registry does not know the name (2303) or it is another's (2201). */
  infoDomain(name: string): Promise<RegistryDomainLookup>;
  deleteDomain(name: string, beforeSend: BeforeSend): Promise<RegistryConfirmation>;
  /** Undo a delete within quarantine: RFC 3915 restore (hello) or domainCancelDelete (drs5). */
  restoreDomain(name: string, beforeSend: BeforeSend): Promise<RegistryConfirmation>;
  deleteContact(handle: string, beforeSend: BeforeSend): Promise<RegistryConfirmation>;
  /** contact:update (rectification, Art. 16): `beforeSend` commits the ledger intent derived from the frame. */
  updateContact(cmd: ContactUpdateCommand, beforeSend: BeforeSend): Promise<RegistryConfirmation>;
  /** poll req: the oldest message, or undefined when the queue is empty (1300). */
  pollRequest(): Promise<RegistryPollMessage | undefined>;
  pollAck(messageId: string): Promise<void>;
}

export const LIFECYCLE_REGISTRY = Symbol('LIFECYCLE_REGISTRY');

/** The lead's RegistryService signature (src/registry-sidn/registry.service.ts). */
export interface EppExecutor {
  /** The session's registry profile, when the executor can tell (the orders module's GatedEppExecutor can). */
  profile?(): Promise<RegistryProfileName>;
  execute(
    encode: (ctx: EncodeContext) => string,
    opts?: { beforeSend?: (xml: string) => Promise<void> },
  ): Promise<{ response: EppResponse; sentXml: string; receivedXml: string }>;
}

export const LIFECYCLE_EPP_EXECUTOR = Symbol('LIFECYCLE_EPP_EXECUTOR');

/** Our registrar id at the registry (EPP_CLIENT_ID, or the sandbox's): `clID` tells our domains from others'. */
export const LIFECYCLE_REGISTRAR_ID = Symbol('LIFECYCLE_REGISTRAR_ID');
