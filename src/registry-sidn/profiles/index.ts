import { RegistryProfileName } from '../../epp/codec/context';
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
