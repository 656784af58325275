/**
 * EPP command encoders (client side). Each is a pure function from a command (and the session's
 * EncodeContext) to a complete XML document.
 */
export type { EncodeContext, RegistryProfileName } from '../context';
export { EncodeError, type EncodeErrorCode } from './encode-error';
export * from './types';
export { encodeHello, encodeLogin, encodeLogout, encodePollAck, encodePollRequest } from './session';
export {
  encodeContactCheck,
  encodeContactCreate,
  encodeContactDelete,
  encodeContactInfo,
  encodeContactUpdate,
} from './contact';
export {
  encodeDomainCheck,
  encodeDomainCreate,
  encodeDomainDelete,
  encodeDomainInfo,
  encodeDomainRenew,
  encodeDomainRestoreReport,
  encodeDomainRestoreRequest,
  encodeDomainTransferQuery,
  encodeDomainTransferRequest,
  encodeDomainUpdate,
} from './domain';
export {
  encodeHostCheck,
  encodeHostCreate,
  encodeHostDelete,
  encodeHostInfo,
  encodeHostUpdate,
} from './host';
export { encodeDomainCancelDelete, encodeFuryPropertyCheck, encodeFuryPropertyInfo } from './extension-only';
