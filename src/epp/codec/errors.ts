import { RegistryProfileName } from './context';
import { ResultCode } from './result-code';
import { EppResponse, EppResult } from './responses/types';

/**
 * Registry-neutral error codes. The rest of Handoff branches on these, never on bare result codes or
 * on a registry's own codes; each registry profile maps its detail (Fury `ciraCode`, DRS5 message
 * code) onto them.
 */
export enum EppErrorCode {
  UnknownCommand = 'UnknownCommand',
  SyntaxError = 'SyntaxError',
  CommandUseError = 'CommandUseError',
  RequiredParameterMissing = 'RequiredParameterMissing',
  ParameterRange = 'ParameterRange',
  ParameterSyntax = 'ParameterSyntax',
  UnimplementedProtocolVersion = 'UnimplementedProtocolVersion',
  Unimplemented = 'Unimplemented',
  UnimplementedOption = 'UnimplementedOption',
  UnimplementedExtension = 'UnimplementedExtension',
  BillingFailure = 'BillingFailure',
  NotEligibleForRenewal = 'NotEligibleForRenewal',
  NotEligibleForTransfer = 'NotEligibleForTransfer',
  AuthenticationError = 'AuthenticationError',
  AuthorizationError = 'AuthorizationError',
  InvalidAuthorizationInfo = 'InvalidAuthorizationInfo',
  ObjectPendingTransfer = 'ObjectPendingTransfer',
  ObjectNotPendingTransfer = 'ObjectNotPendingTransfer',
  ObjectExists = 'ObjectExists',
  ObjectDoesNotExist = 'ObjectDoesNotExist',
  StatusProhibitsOperation = 'StatusProhibitsOperation',
  ObjectAssociationProhibits = 'ObjectAssociationProhibits',
  ParameterPolicy = 'ParameterPolicy',
  UnimplementedObjectService = 'UnimplementedObjectService',
  DataManagementPolicy = 'DataManagementPolicy',
  CommandFailed = 'CommandFailed',
  CommandFailedServerClosing = 'CommandFailedServerClosing',
  AuthenticationErrorServerClosing = 'AuthenticationErrorServerClosing',
  SessionLimitExceeded = 'SessionLimitExceeded',
  Unknown = 'Unknown',
}

const BY_RESULT_CODE: Readonly<Record<number, EppErrorCode>> = {
  [ResultCode.UnknownCommand]: EppErrorCode.UnknownCommand,
  [ResultCode.CommandSyntaxError]: EppErrorCode.SyntaxError,
  [ResultCode.CommandUseError]: EppErrorCode.CommandUseError,
  [ResultCode.RequiredParameterMissing]: EppErrorCode.RequiredParameterMissing,
  [ResultCode.ParameterValueRangeError]: EppErrorCode.ParameterRange,
  [ResultCode.ParameterValueSyntaxError]: EppErrorCode.ParameterSyntax,
  [ResultCode.UnimplementedProtocolVersion]: EppErrorCode.UnimplementedProtocolVersion,
  [ResultCode.UnimplementedCommand]: EppErrorCode.Unimplemented,
  [ResultCode.UnimplementedOption]: EppErrorCode.UnimplementedOption,
  [ResultCode.UnimplementedExtension]: EppErrorCode.UnimplementedExtension,
  [ResultCode.BillingFailure]: EppErrorCode.BillingFailure,
  [ResultCode.ObjectNotEligibleForRenewal]: EppErrorCode.NotEligibleForRenewal,
  [ResultCode.ObjectNotEligibleForTransfer]: EppErrorCode.NotEligibleForTransfer,
  [ResultCode.AuthenticationError]: EppErrorCode.AuthenticationError,
  [ResultCode.AuthorizationError]: EppErrorCode.AuthorizationError,
  [ResultCode.InvalidAuthorizationInformation]: EppErrorCode.InvalidAuthorizationInfo,
  [ResultCode.ObjectPendingTransfer]: EppErrorCode.ObjectPendingTransfer,
  [ResultCode.ObjectNotPendingTransfer]: EppErrorCode.ObjectNotPendingTransfer,
  [ResultCode.ObjectExists]: EppErrorCode.ObjectExists,
  [ResultCode.ObjectDoesNotExist]: EppErrorCode.ObjectDoesNotExist,
  [ResultCode.ObjectStatusProhibitsOperation]: EppErrorCode.StatusProhibitsOperation,
  [ResultCode.ObjectAssociationProhibitsOperation]: EppErrorCode.ObjectAssociationProhibits,
  [ResultCode.ParameterValuePolicyError]: EppErrorCode.ParameterPolicy,
  [ResultCode.UnimplementedObjectService]: EppErrorCode.UnimplementedObjectService,
  [ResultCode.DataManagementPolicyViolation]: EppErrorCode.DataManagementPolicy,
  [ResultCode.CommandFailed]: EppErrorCode.CommandFailed,
  [ResultCode.CommandFailedServerClosingConnection]: EppErrorCode.CommandFailedServerClosing,
  [ResultCode.AuthenticationErrorServerClosingConnection]: EppErrorCode.AuthenticationErrorServerClosing,
  [ResultCode.SessionLimitExceededServerClosingConnection]: EppErrorCode.SessionLimitExceeded,
};

/** The RFC 5730 §3 meaning of a failure code; `Unknown` for a code the RFC does not define. */
export function errorCodeForResultCode(resultCode: number): EppErrorCode {
  return BY_RESULT_CODE[resultCode] ?? EppErrorCode.Unknown;
}

/**
 * Transient: the same command may succeed later or on a fresh session — the server failed (2400)
 * or closed the session (25xx). Everything else is permanent: retrying the same command gets the
 * same answer (2302 taken, 2303 unknown, 2306 policy, 2201 not ours...) and needs a person or a
 * different command. `Unknown` is permanent too: never loop on a code we do not understand.
 */
const TRANSIENT: ReadonlySet<EppErrorCode> = new Set([
  EppErrorCode.CommandFailed,
  EppErrorCode.CommandFailedServerClosing,
  EppErrorCode.AuthenticationErrorServerClosing,
  EppErrorCode.SessionLimitExceeded,
]);

export function isTransient(code: EppErrorCode): boolean {
  return TRANSIENT.has(code);
}

export function isPermanent(code: EppErrorCode): boolean {
  return !TRANSIENT.has(code);
}

/** What a registry profile adds to the RFC: its own detail codes and where its reason text lives. */
export interface RegistryErrorProfile {
  readonly name: RegistryProfileName | 'rfc';
  /** The typed error for a failed result, refined by the registry's own code when it has one. */
  mapRegistryError(result: EppResult, response: EppResponse): EppErrorCode;
  /** The registry's own code (Fury ciraCode, DRS5 message code) and its reason text for a result. */
  describe(result: EppResult, response: EppResponse): { registryCode?: string; reason: string };
}

/** RFC 5730 only: result code, and the first `extValue/reason` or the result message as reason. */
export const RFC_ERROR_PROFILE: RegistryErrorProfile = {
  name: 'rfc',
  mapRegistryError: (result) => errorCodeForResultCode(result.code),
  describe: (result) => ({ reason: result.extValues.find((x) => x.reason)?.reason || result.message }),
};

export interface EppErrorDetails {
  code: EppErrorCode;
  resultCode: number;
  reason: string;
  registryCode?: string;
  svTRID?: string;
  clTRID?: string;
}

/**
 * A failed EPP command as the rest of the service sees it. `reason` is the registry's own text (may
 * be Dutch) for the user; the message names only codes and the result's message, never submitted
 * values (a `<value>` echoes what the client sent, which may be personal data).
 */
export class EppError extends Error {
  override readonly name = 'EppError';
  readonly code: EppErrorCode;
  readonly resultCode: number;
  readonly reason: string;
  readonly registryCode?: string;
  readonly svTRID?: string;
  readonly clTRID?: string;

  constructor(details: EppErrorDetails, message?: string) {
    super(
      message ??
        `EPP ${details.resultCode} ${details.code}` +
          (details.registryCode ? ` [${details.registryCode}]` : ''),
    );
    this.code = details.code;
    this.resultCode = details.resultCode;
    this.reason = details.reason;
    if (details.registryCode !== undefined) this.registryCode = details.registryCode;
    if (details.svTRID !== undefined) this.svTRID = details.svTRID;
    if (details.clTRID !== undefined) this.clTRID = details.clTRID;
  }

  get permanent(): boolean {
    return isPermanent(this.code);
  }
}

/**
 * A registry's reason text is free text that may quote what was submitted (libxml2-based validators
 * say "The value '+31.6123…' is not accepted by the pattern"). The reason travels on to stored order
 * states and API answers, so quoted parts are replaced: the rule stays readable, the value is gone.
 */
export function redactEchoedValues(text: string): string {
  return text.replace(/'[^']*'|"[^"]*"|‘[^’]*’|“[^”]*”/g, "'…'");
}

/**
 * The typed error for a response, or null when it succeeded. The first failed `<result>` decides
 * (RFC 5730 allows several results; servers put the main one first).
 */
export function errorFromResponse(profile: RegistryErrorProfile, response: EppResponse): EppError | null {
  const failed = response.results.find((r) => r.code >= 2000 || r.code < 1000);
  if (!failed) return null;
  const { registryCode, reason } = profile.describe(failed, response);
  return new EppError({
    code: profile.mapRegistryError(failed, response),
    resultCode: failed.code,
    reason: redactEchoedValues(reason),
    registryCode,
    svTRID: response.trID.svTRID,
    clTRID: response.trID.clTRID,
  });
}
