/** Why a frame could not be decoded at all (the strict side of the decoder). */
export type EppDecodeReason =
  /** DOCTYPE, entity declaration or an undeclared entity reference: refused, never expanded. */
  | 'forbidden-xml'
  /** Not XML, not well-formed, truncated, empty, or beyond the parser's limits. */
  | 'malformed-xml'
  /** Well-formed XML, but the root is not `<epp>` in the EPP namespace. */
  | 'not-epp'
  /** A client frame (`<command>`, extension-only command, `<hello>`), not a server frame. */
  | 'command-frame'
  /** An EPP frame of the wrong kind for the call (a greeting where a response was expected...). */
  | 'unexpected-frame'
  /** A response without `<result>`: unusable. */
  | 'missing-result'
  /** A `<result>` whose code is not a number: unusable. */
  | 'invalid-result-code';

export class EppDecodeError extends Error {
  override readonly name = 'EppDecodeError';

  constructor(
    readonly reason: EppDecodeReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
