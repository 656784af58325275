/**
 * What a session needs from a transport: whole EPP frames in and out, and word when it ends.
 * The TLS transport implements it; tests may use an in-memory pair. Errors are delivered through
 * `onClose(error)`, so a session has one place to learn that its connection is gone.
 */
export interface Connection {
  /** Sends one EPP frame (framing is the transport's job). Throws when the connection is closed. */
  send(xml: string): void;
  /** Registers the frame listener. Frames received before a listener exists are buffered. */
  onFrame(listener: (xml: string) => void): void;
  /** Called once when the connection ends; `error` is set when it did not end cleanly. */
  onClose(listener: (error?: Error) => void): void;
  /** Ends the connection (graceful TLS shutdown where possible). Idempotent. */
  close(error?: Error): void;
  readonly closed: boolean;
}

export type ConnectionFactory = () => Promise<Connection>;

export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
}

/**
 * Shared listener bookkeeping for Connection implementations: buffers frames until a listener is
 * attached and reports the close exactly once.
 */
export abstract class BaseConnection implements Connection {
  private frameListener?: (xml: string) => void;
  private readonly backlog: string[] = [];
  private readonly closeListeners: ((error?: Error) => void)[] = [];
  private closeReason?: { error?: Error };

  abstract send(xml: string): void;
  abstract close(error?: Error): void;

  get closed(): boolean {
    return this.closeReason !== undefined;
  }

  onFrame(listener: (xml: string) => void): void {
    this.frameListener = listener;
    while (this.backlog.length && this.frameListener === listener) listener(this.backlog.shift()!);
  }

  onClose(listener: (error?: Error) => void): void {
    if (this.closeReason) listener(this.closeReason.error);
    else this.closeListeners.push(listener);
  }

  protected emitFrame(xml: string): void {
    if (this.closed) return;
    if (this.frameListener) this.frameListener(xml);
    else this.backlog.push(xml);
  }

  protected emitClose(error?: Error): void {
    if (this.closeReason) return;
    this.closeReason = { error };
    for (const listener of this.closeListeners.splice(0)) listener(error);
  }
}
