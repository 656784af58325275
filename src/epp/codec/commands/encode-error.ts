/**
 * Why an encoder refused a command. Messages name the field and the rule, never the value: the
 * value may be personal data or a password, and errors end up in logs.
 */
export type EncodeErrorCode =
  /** The command needs an extension the server did not offer (or we did not select) at login. */
  | 'extension-not-negotiated'
  /** A value the XSD (or XML itself) cannot carry: empty, too long, wrong pattern, control characters. */
  | 'invalid-value';

export class EncodeError extends Error {
  override readonly name = 'EncodeError';
  constructor(
    readonly code: EncodeErrorCode,
    message: string,
    /** The command field concerned, e.g. `postalInfo.name` (never its value). */
    readonly field?: string,
  ) {
    super(message);
  }
}
