import { encodeHello, encodeLogin, encodeLogout } from '../codec/commands';
import type { RegistryProfileName } from '../codec/context';
import { chooseProfile, chooseServices, Greeting, ProfileOverride, ServiceSet } from '../codec/greeting';
import { decodeFrame } from '../codec/responses';
import type { EppResponse } from '../codec/responses/types';
import { summarizeCommand } from '../codec/sanitize';
import type { SessionCodec } from './session-codec';

/**
 * The real codec for sessions: RFC 5730 encoders, the lenient decoder, and the greeting-driven
 * choice of services and registry profile. `supported` says what we can speak per profile
 * (`SUPPORTED_SERVICES` from the SIDN profiles); login announces its overlap with the greeting.
 */
export function createSessionCodec(
  supported: Readonly<Record<RegistryProfileName, Readonly<ServiceSet>>>,
  profileOverride?: ProfileOverride,
): SessionCodec<Greeting, EppResponse> {
  return {
    hello: encodeHello,
    login: encodeLogin,
    logout: encodeLogout,
    decode: (xml) => decodeFrame(xml),
    chooseProfile: (greeting) => chooseProfile(greeting, profileOverride),
    chooseServices: (greeting) =>
      chooseServices(greeting, supported[chooseProfile(greeting, profileOverride)]),
    // Log lines are built from this summary only: verb, object id, clTRID. Never frame content.
    summarize: summarizeCommand,
  };
}
