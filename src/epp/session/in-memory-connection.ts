import { BaseConnection, ConnectionClosedError } from './connection';

/**
 * Two connected in-memory endpoints, for unit tests of sessions and pools without sockets.
 * Delivery is asynchronous (a microtask), as it is over a real socket.
 */
export class InMemoryConnection extends BaseConnection {
  peer?: InMemoryConnection;

  static pair(): [InMemoryConnection, InMemoryConnection] {
    const a = new InMemoryConnection();
    const b = new InMemoryConnection();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  send(xml: string): void {
    if (this.closed) throw new ConnectionClosedError('connection is closed');
    const peer = this.peer;
    queueMicrotask(() => peer?.deliver(xml));
  }

  close(error?: Error): void {
    if (this.closed) return;
    this.emitClose(error);
    const peer = this.peer;
    queueMicrotask(() => peer?.close());
  }

  private deliver(xml: string): void {
    this.emitFrame(xml);
  }
}
