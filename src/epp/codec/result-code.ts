/**
 * EPP result codes and what they mean (RFC 5730 §3). This is the one place where a bare number gets
 * its meaning; the rest of Handoff asks these functions or sees a typed `EppError`.
 *
 * RFC 5730 §3: the first digit says success (1) or failure (2); the second the category
 * (0 syntax, 1 implementation rules, 2 security, 3 data management, 4 server system, 5 connection
 * management). 2500-2599 are returned just before the server closes the session.
 */
export const ResultCode = {
  CommandCompleted: 1000,
  CommandCompletedActionPending: 1001,
  CommandCompletedNoMessages: 1300,
  CommandCompletedAckToDequeue: 1301,
  CommandCompletedEndingSession: 1500,
  UnknownCommand: 2000,
  CommandSyntaxError: 2001,
  CommandUseError: 2002,
  RequiredParameterMissing: 2003,
  ParameterValueRangeError: 2004,
  ParameterValueSyntaxError: 2005,
  UnimplementedProtocolVersion: 2100,
  UnimplementedCommand: 2101,
  UnimplementedOption: 2102,
  UnimplementedExtension: 2103,
  BillingFailure: 2104,
  ObjectNotEligibleForRenewal: 2105,
  ObjectNotEligibleForTransfer: 2106,
  AuthenticationError: 2200,
  AuthorizationError: 2201,
  InvalidAuthorizationInformation: 2202,
  ObjectPendingTransfer: 2300,
  ObjectNotPendingTransfer: 2301,
  ObjectExists: 2302,
  ObjectDoesNotExist: 2303,
  ObjectStatusProhibitsOperation: 2304,
  ObjectAssociationProhibitsOperation: 2305,
  ParameterValuePolicyError: 2306,
  UnimplementedObjectService: 2307,
  DataManagementPolicyViolation: 2308,
  CommandFailed: 2400,
  CommandFailedServerClosingConnection: 2500,
  AuthenticationErrorServerClosingConnection: 2501,
  SessionLimitExceededServerClosingConnection: 2502,
} as const;

export type ResultCodeName = keyof typeof ResultCode;

/** The RFC 5730 §3 text of each code, for logs and operator output. */
export const RESULT_CODE_TEXT: Readonly<Record<number, string>> = {
  1000: 'Command completed successfully',
  1001: 'Command completed successfully; action pending',
  1300: 'Command completed successfully; no messages',
  1301: 'Command completed successfully; ack to dequeue',
  1500: 'Command completed successfully; ending session',
  2000: 'Unknown command',
  2001: 'Command syntax error',
  2002: 'Command use error',
  2003: 'Required parameter missing',
  2004: 'Parameter value range error',
  2005: 'Parameter value syntax error',
  2100: 'Unimplemented protocol version',
  2101: 'Unimplemented command',
  2102: 'Unimplemented option',
  2103: 'Unimplemented extension',
  2104: 'Billing failure',
  2105: 'Object is not eligible for renewal',
  2106: 'Object is not eligible for transfer',
  2200: 'Authentication error',
  2201: 'Authorization error',
  2202: 'Invalid authorization information',
  2300: 'Object pending transfer',
  2301: 'Object not pending transfer',
  2302: 'Object exists',
  2303: 'Object does not exist',
  2304: 'Object status prohibits operation',
  2305: 'Object association prohibits operation',
  2306: 'Parameter value policy error',
  2307: 'Unimplemented object service',
  2308: 'Data management policy violation',
  2400: 'Command failed',
  2500: 'Command failed; server closing connection',
  2501: 'Authentication error; server closing connection',
  2502: 'Session limit exceeded; server closing connection',
};

export type ResultClass = 'success' | 'pending' | 'client-error' | 'server-error';

/**
 * Classifies a result code. 1001 is `pending` (RFC 5730 §3: the action is queued, its outcome comes
 * later through the poll queue); other 1xxx are `success`; 2000-2399 are the client's fault;
 * 2400 and the 25xx codes are the server's. A code outside 1000-2999 (a sloppy registry) is treated
 * as a server error rather than thrown: never mistake an unknown code for success.
 */
export function classifyResultCode(code: number): ResultClass {
  if (code === ResultCode.CommandCompletedActionPending) return 'pending';
  if (code >= 1000 && code <= 1999) return 'success';
  if (code >= 2000 && code <= 2399) return 'client-error';
  return 'server-error';
}

/** 1000-1999: the command was executed (1001: accepted, pending). RFC 5730 §3. */
export function isSuccess(code: number): boolean {
  return Number.isInteger(code) && code >= 1000 && code <= 1999;
}

/** 1001: command accepted, action pending (RFC 5730 §3, RFC 5731 §3.2). */
export function isPending(code: number): boolean {
  return code === ResultCode.CommandCompletedActionPending;
}

/** Any failure (2xxx or garbage). */
export function isError(code: number): boolean {
  return !isSuccess(code);
}

/**
 * 25xx: the server closes the connection after this response (RFC 5730 §3: 2500, 2501, 2502).
 * The session must not be reused; the outcome of the command itself is a failure.
 */
export function isSessionEnding(code: number): boolean {
  return code >= 2500 && code <= 2599;
}

/** 1500 after logout, or a 25xx failure: either way the server ends the session. */
export function endsSession(code: number): boolean {
  return code === ResultCode.CommandCompletedEndingSession || isSessionEnding(code);
}

/** The RFC text for a code, or a neutral description for a code the RFC does not define. */
export function describeResultCode(code: number): string {
  return RESULT_CODE_TEXT[code] ?? `Unknown result code ${code}`;
}
