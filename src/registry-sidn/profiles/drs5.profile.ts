import { NS } from '../../epp/codec/namespaces';
import { EppErrorCode, errorCodeForResultCode } from '../../epp/codec/errors';
import { EppResponse, EppResult, SidnMessage } from '../../epp/codec/responses/types';
import { RegistryProfile } from './registry-profile';

/**
 * DRS5 message codes (`sidn-ext-epp:response/msg/@code`: F = format, T = lookup, C = business rule)
 * with a known meaning, from SIDN's manual and examples and public client test suites
 * (SIDN-PROFILE.md Part 2, "Result codes / SIDN messages"). Unknown codes fall back to the result code.
 */
export const SIDN_MESSAGE_CODES: Readonly<Record<string, EppErrorCode>> = {
  C0001b: EppErrorCode.StatusProhibitsOperation, // 2304: status forbids delete
  C0013: EppErrorCode.AuthorizationError, // 2400: registrar ("deelnemer") not 'Active'
  C0024: EppErrorCode.ObjectExists, // 2302: domain already active / excluded
  C0033a: EppErrorCode.ParameterPolicy, // 2200: new password shorter than 10 characters
  C0079b: EppErrorCode.ObjectAssociationProhibits, // 2305: contact still linked to a domain
  C0115: EppErrorCode.AuthorizationError, // 2400/2201: handle belongs to another registrar
  F0001: EppErrorCode.ParameterSyntax, // value does not match the expression
  F0018: EppErrorCode.ParameterPolicy, // domain name must end in .nl (a policy, not a syntax, rule)
  F0019: EppErrorCode.ParameterSyntax, // characters outside [a-zA-Z0-9-.]
  T0001: EppErrorCode.ObjectDoesNotExist, // domain name unknown
  T0002: EppErrorCode.ObjectDoesNotExist, // handle unknown
  T0003: EppErrorCode.AuthenticationError, // 2200: unknown registrar number at login
};

function messagesOf(response: EppResponse): SidnMessage[] {
  return response.sidn?.messages ?? [];
}

/**
 * The message that explains the result: the first whose meaning agrees with the result code (SIDN
 * often sends a format message beside the decisive one, e.g. F0001 + T0002 on a 2303), else the
 * first with a known meaning, else the first.
 */
function decisiveMessage(result: EppResult, response: EppResponse): SidnMessage | undefined {
  const messages = messagesOf(response);
  const byResult = errorCodeForResultCode(result.code);
  return (
    messages.find((m) => SIDN_MESSAGE_CODES[m.code] === byResult) ??
    messages.find((m) => SIDN_MESSAGE_CODES[m.code] !== undefined) ??
    messages[0]
  );
}

/** SIDN's own DRS5 platform (until September 2026): the legacy profile. */
export const drs5Profile: RegistryProfile = {
  name: 'drs5',
  services: {
    objURIs: [NS.contact, NS.domain, NS.host],
    extURIs: [NS.sidn, NS.sidnScheduledDelete, NS.sidnRegistryContactsDelete, NS.secDNS],
  },
  mapRegistryError(result: EppResult, response: EppResponse): EppErrorCode {
    const message = decisiveMessage(result, response);
    return (message && SIDN_MESSAGE_CODES[message.code]) ?? errorCodeForResultCode(result.code);
  },
  describe(result: EppResult, response: EppResponse): { registryCode?: string; reason: string } {
    const message = decisiveMessage(result, response);
    if (!message) return { reason: result.extValues.find((x) => x.reason)?.reason || result.message };
    return { registryCode: message.code, reason: message.text || result.message };
  },
};
