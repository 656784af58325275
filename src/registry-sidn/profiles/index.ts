import { RegistryProfileName } from '../../epp/codec/context';
import { EppError, errorFromResponse } from '../../epp/codec/errors';
import { EppResponse } from '../../epp/codec/responses/types';
import { ServiceSet } from '../../epp/codec/greeting';
import { drs5Profile } from './drs5.profile';
import { helloProfile } from './hello.profile';
import { RegistryProfile } from './registry-profile';

export { chooseProfile, chooseServices } from '../../epp/codec/greeting';
export type { ProfileOverride } from '../../epp/codec/greeting';
export { drs5Profile, SIDN_MESSAGE_CODES } from './drs5.profile';
export { FURY_CIRA_CODES, helloProfile } from './hello.profile';
export type { RegistryProfile } from './registry-profile';

export const PROFILES: Readonly<Record<RegistryProfileName, RegistryProfile>> = {
  hello: helloProfile,
  drs5: drs5Profile,
};

/** What Handoff supports per platform; login announces the overlap with the greeting (`chooseServices`). */
export const SUPPORTED_SERVICES: Readonly<Record<RegistryProfileName, Readonly<ServiceSet>>> = {
  hello: helloProfile.services,
  drs5: drs5Profile.services,
};

export function getProfile(name: RegistryProfileName): RegistryProfile {
  return PROFILES[name];
}

/**
 * `errorFromResponse` by profile name: the typed error for a failed response under the `hello` or
 * `drs5` mapping, or null when the response succeeded.
 */
export function registryErrorFromResponse(
  profile: RegistryProfileName | RegistryProfile,
  response: EppResponse,
): EppError | null {
  return errorFromResponse(typeof profile === 'string' ? PROFILES[profile] : profile, response);
}
