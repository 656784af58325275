/**
 * Errors a session or pool raises. The split that matters to callers:
 * - `EppOutcomeUnknownError`: the command was sent and we do not know whether the registry executed
 *   it (timeout, connection lost, an answer that does not belong to it). Reconcile, never blindly retry.
 * - `EppSessionClosedError`: the command was NOT sent; it is safe to retry on another session.
 * A registry's error *answer* (result code >= 2000) is not an error here: the session returns the
 * decoded response and the caller (or the profile's `errorFromResponse`) decides.
 * No message here ever carries a password or frame content.
 */
export class EppOutcomeUnknownError extends Error {
  override readonly name = 'EppOutcomeUnknownError';
  constructor(
    readonly clTRID: string,
    readonly command: string,
    readonly reason: string,
    /** The command as sent (raw frame, for the caller's records; may hold personal data: never log it). */
    readonly sent: string,
  ) {
    super(`outcome of ${command} ${clTRID} is unknown: ${reason}`);
  }
}

export class EppSessionClosedError extends Error {
  override readonly name = 'EppSessionClosedError';
}

export class EppLoginError extends Error {
  override readonly name = 'EppLoginError';
  constructor(
    readonly code: number,
    readonly registryMessage: string,
  ) {
    super(`login refused: ${code} ${registryMessage}`);
  }
}

/** The server broke the protocol (no greeting, an unexpected or undecodable frame, a wrong clTRID). */
export class EppProtocolError extends Error {
  override readonly name = 'EppProtocolError';
}
