export enum LedgerErrorCode {
  /** The recipient is not in the recipients register. */
  RecipientNotDeclared = 'recipient-not-declared',
  /** A field the register does not allow for this recipient. */
  FieldNotAllowed = 'field-not-allowed',
  /** Purpose or legal basis differ from what the register declares for the recipient. */
  PolicyMismatch = 'policy-mismatch',
  /** The call itself is malformed (missing clTRID, key of the wrong length, ...). */
  InvalidRecord = 'invalid-record',
  /** recordOutcome names an entry that is not a disclosure intent. */
  IntentNotFound = 'intent-not-found',
  /** A proof or checkpoint was asked for a tree size or leaf the ledger does not have. */
  OutOfRange = 'out-of-range',
}

/** Errors carry a code and a message without personal data; HTTP status is decided at the edge. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';

  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    /** For refusals: the entry id of the incident recorded for the attempt. */
    readonly incidentEntryId?: string,
  ) {
    super(message);
  }
}
