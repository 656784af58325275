import { Connection } from '../../epp/session/connection';

/**
 * A connection that can hold back one given frame until an async gate has run. The session API
 * builds a frame synchronously and sends it at once; the disclosure ledger needs its intent
 * committed before a contact frame leaves. Arming the gate with the exact frame (from inside the
 * session's builder, where the frame and its clTRID are known) makes `send` wait for the gate, then
 * write that frame. A gate that fails closes the connection instead: nothing was sent.
 */
export type SendState = 'sent' | 'gate-failed' | 'not-sent';

export class GatedConnection implements Connection {
  private armed?: { xml: string; gate: (xml: string) => Promise<void> };
  /** What became of the last gated frame. */
  lastGated?: { state: SendState; error?: Error };

  constructor(private readonly inner: Connection) {}

  get closed(): boolean {
    return this.inner.closed;
  }

  arm(xml: string, gate: (xml: string) => Promise<void>): void {
    this.armed = { xml, gate };
    this.lastGated = undefined;
  }

  send(xml: string): void {
    const armed = this.armed;
    if (!armed || armed.xml !== xml) {
      this.inner.send(xml);
      return;
    }
    this.armed = undefined;
    if (this.inner.closed) {
      this.lastGated = { state: 'not-sent' };
      this.inner.send(xml); // throws: the session reports "not sent"
      return;
    }
    armed.gate(xml).then(
      () => {
        try {
          this.inner.send(xml);
          this.lastGated = { state: 'sent' };
        } catch (error) {
          this.lastGated = { state: 'not-sent', error: error as Error };
        }
      },
      (error: Error) => {
        this.lastGated = { state: 'gate-failed', error };
        this.inner.close(new Error('disclosure gate refused the frame: not sent'));
      },
    );
  }

  onFrame(listener: (xml: string) => void): void {
    this.inner.onFrame(listener);
  }

  onClose(listener: (error?: Error) => void): void {
    this.inner.onClose(listener);
  }

  close(error?: Error): void {
    this.inner.close(error);
  }
}
