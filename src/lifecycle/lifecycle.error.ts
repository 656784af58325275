/** Lifecycle and privacy errors carry a code; the exception filter decides the HTTP status. */
export enum LifecycleErrorCode {
  InvalidRequest = 'invalid-request',
  DomainNotFound = 'domain-not-found',
  RegistrationInFlight = 'registration-in-flight',
  NoOpenLapse = 'no-open-lapse',
  LapseInProgress = 'lapse-in-progress',
  LapseConflict = 'lapse-conflict',
  RestoreRefused = 'restore-refused',
  RegistryOutcomeUnknown = 'registry-outcome-unknown',
  CustomerNotFound = 'customer-not-found',
  SubjectErased = 'subject-erased',
  ErasureBlocked = 'erasure-blocked',
  RegistrantIdentityFrozen = 'registrant-identity-frozen',
  RectificationRefused = 'rectification-refused',
}

export class LifecycleError extends Error {
  override readonly name = 'LifecycleError';

  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
    /** Extra, non-personal detail for the response body (rule names, blockers, links). */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
  }
}
