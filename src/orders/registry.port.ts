import type { RegistryProfileName } from '../epp/codec/context';
import type {
  ContactCreateCommand,
  ContactUpdateCommand,
  DomainCreateCommand,
} from '../epp/codec/commands/types';

/**
 * What the registration workflow needs from the registry, and nothing more. The real implementation
 * (registry.adapter.ts) encodes with the session's context and sends over the EPP pool; tests of the
 * workflow's decisions use a fake.
 *
 * Contact-carrying commands take `beforeSend`: the port encodes the frame, hands the EXACT string to
 * `beforeSend` (which commits the ledger intent derived from it), and only then sends that string.
 * If `beforeSend` throws, nothing is sent.
 *
 * Failures are thrown as:
 * - `EppError` (src/epp/codec/errors.ts): the registry answered >= 2000; `.permanent` tells whether
 *   retrying the same command can help (2400/25xx transient; 2302, 2303, 2306, ... permanent);
 * - `RegistryOutcomeUnknownError`: the frame left and no answer came (timeout, connection lost);
 * - `RegistryUnavailableError`: nothing was sent (no session, pool timeout, connect failure).
 */
export interface EncodedFrame {
  readonly xml: string;
  readonly clTRID: string;
}
export type BeforeSend = (frame: EncodedFrame) => Promise<void>;

export interface RegistryAnswer {
  readonly resultCode: number;
  readonly clTRID: string;
  readonly svTRID?: string;
}

export interface RegistryContactInfo {
  readonly id: string;
  /** Sponsored by our registrar account (`clID`). */
  readonly ours: boolean;
}

export interface RegistryDomainInfo {
  readonly name: string;
  readonly ours: boolean;
  readonly registrant?: string;
}

export interface RegistryPort {
  /** The registry profile in force (decides how the registrant is projected). */
  profile(): Promise<RegistryProfileName>;
  /** contact:create; resolves with the id the registry holds (DRS5 chooses its own). */
  createContact(cmd: ContactCreateCommand, beforeSend: BeforeSend): Promise<RegistryAnswer & { id: string }>;
  updateContact(cmd: ContactUpdateCommand, beforeSend: BeforeSend): Promise<RegistryAnswer>;
  /** contact:info; undefined when the registry does not know the id (2303). */
  infoContact(id: string): Promise<RegistryContactInfo | undefined>;
  createDomain(cmd: DomainCreateCommand): Promise<RegistryAnswer>;
  /**
   * Makes sure a host object exists for each name server (RFC 5732): host:check, then host:create
   * without addresses for the ones the registry does not know. Creating is idempotent by nature
   * (a host that exists answers 2302), so an unclear outcome is simply checked again.
   */
  ensureHosts(names: readonly string[]): Promise<void>;
  /** domain:check: whether the name can be registered now, with the registry's reason if not. */
  checkDomain(name: string): Promise<{ available: boolean; reason?: string }>;
  /** domain:info; undefined when the name is not registered (2303). */
  infoDomain(name: string): Promise<RegistryDomainInfo | undefined>;
}

export const REGISTRY_PORT = Symbol('REGISTRY_PORT');

export class RegistryOutcomeUnknownError extends Error {
  override readonly name = 'RegistryOutcomeUnknownError';
  constructor(
    readonly clTRID: string,
    readonly reason: string,
  ) {
    super(`registry outcome unknown for ${clTRID}: ${reason}`);
  }
}

export class RegistryUnavailableError extends Error {
  override readonly name = 'RegistryUnavailableError';
}
