import type { FieldViolation } from '../common/validation';

/** What can go wrong with an order, as codes; HTTP only at the edge (orders-exception.filter.ts). */
export enum OrderErrorCode {
  InvalidRequest = 'InvalidRequest',
  IdempotencyKeyMissing = 'IdempotencyKeyMissing',
  IdempotencyKeyReused = 'IdempotencyKeyReused',
  DomainOrderInFlight = 'DomainOrderInFlight',
  RegistrationNotFound = 'RegistrationNotFound',
  InvalidCursor = 'InvalidCursor',
  // Workflow outcomes (stored on the registration, not thrown to HTTP)
  DomainTaken = 'DomainTaken',
  RegistryRejected = 'RegistryRejected',
  ContactRejected = 'ContactRejected',
  RetriesExhausted = 'RetriesExhausted',
  DomainHeldByOther = 'DomainHeldByOther',
  CustomerDataUnavailable = 'CustomerDataUnavailable',
}

export class OrderError extends Error {
  override readonly name = 'OrderError';
  constructor(
    readonly code: OrderErrorCode,
    message: string,
    readonly violations?: FieldViolation[],
  ) {
    super(message);
  }
}
