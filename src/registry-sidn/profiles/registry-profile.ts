import { RegistryProfileName } from '../../epp/codec/context';
import { RegistryErrorProfile } from '../../epp/codec/errors';
import { ServiceSet } from '../../epp/codec/greeting';

/** What differs between SIDN's platforms, as the EPP layer needs it. */
export interface RegistryProfile extends RegistryErrorProfile {
  readonly name: RegistryProfileName;
  /** Object and extension URIs Handoff can speak on this platform (login announces the overlap). */
  readonly services: Readonly<ServiceSet>;
}
