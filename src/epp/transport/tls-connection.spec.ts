import { EventEmitter } from 'node:events';
import type tls from 'node:tls';
import { encodeFrame, FrameError } from './framing';
import { TlsConnection } from './tls-connection';

/** Just enough of a TLSSocket to drive TlsConnection without I/O (real TLS: test/epp). */
class FakeSocket extends EventEmitter {
  written: Buffer[] = [];
  destroyed = false;
  ended = false;
  timeoutCallback?: () => void;
  write(data: Buffer): boolean {
    this.written.push(data);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
  setTimeout(_ms: number, callback: () => void): void {
    this.timeoutCallback = callback;
  }
  getPeerCertificate() {
    return { subject: { CN: 'epp.example.nl' } };
  }
  getProtocol() {
    return 'TLSv1.3';
  }
}

function open(maxFrameBytes = 1024) {
  const socket = new FakeSocket();
  const connection = new TlsConnection(socket as unknown as tls.TLSSocket, {
    maxFrameBytes,
    readTimeoutMs: 1000,
  });
  const frames: string[] = [];
  const closes: (Error | undefined)[] = [];
  connection.onFrame((xml) => frames.push(xml));
  connection.onClose((error) => closes.push(error));
  return { socket, connection, frames, closes };
}

describe(TlsConnection.name, () => {
  it('sends each XML document as one RFC 5734 frame', () => {
    const { socket, connection } = open();
    connection.send('<epp/>');
    expect(socket.written).toEqual([encodeFrame('<epp/>')]);
  });

  it('delivers frames split across chunks and several per chunk', () => {
    const { socket, frames } = open();
    const data = Buffer.concat([encodeFrame('<a/>'), encodeFrame('<b>ë</b>')]);
    socket.emit('data', data.subarray(0, 3));
    socket.emit('data', data.subarray(3, 10));
    socket.emit('data', data.subarray(10));
    expect(frames).toEqual(['<a/>', '<b>ë</b>']);
  });

  it('buffers frames that arrive before a listener is attached', () => {
    const socket = new FakeSocket();
    const connection = new TlsConnection(socket as unknown as tls.TLSSocket);
    socket.emit('data', encodeFrame('<greeting/>'));
    const frames: string[] = [];
    connection.onFrame((xml) => frames.push(xml));
    expect(frames).toEqual(['<greeting/>']);
  });

  it('closes with a FrameError on a length above the maximum, without allocating it', () => {
    const { socket, connection, closes } = open(1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(0x80000000, 0);
    socket.emit('data', header);
    expect(connection.closed).toBe(true);
    expect(socket.destroyed).toBe(true);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toBeInstanceOf(FrameError);
    expect(closes[0]!.message).toMatch(/exceeds the maximum of 1024 bytes/);
  });

  it('closes with a FrameError on a length below the header size', () => {
    const { socket, closes } = open();
    socket.emit('data', Buffer.from([0, 0, 0, 3]));
    expect(closes[0]).toBeInstanceOf(FrameError);
  });

  it('reports a FrameError when the peer closes in the middle of a frame', () => {
    const { socket, closes } = open();
    socket.emit('data', encodeFrame('<epp/>').subarray(0, 6));
    socket.emit('close');
    expect(closes[0]).toBeInstanceOf(FrameError);
  });

  it('reports a clean close between frames without an error', () => {
    const { socket, closes } = open();
    socket.emit('data', encodeFrame('<epp/>'));
    socket.emit('close');
    expect(closes).toEqual([undefined]);
  });

  it('closes on the read timeout only while a frame is incomplete', () => {
    const { socket, connection, closes } = open();
    socket.timeoutCallback!();
    expect(connection.closed).toBe(false);
    socket.emit('data', encodeFrame('<epp/>').subarray(0, 5));
    socket.timeoutCallback!();
    expect(connection.closed).toBe(true);
    expect(closes[0]!.message).toMatch(/read timeout/);
  });

  it('refuses to send after close, and ends the TLS session gracefully on close()', () => {
    const { socket, connection, closes } = open();
    connection.close();
    expect(socket.ended).toBe(true);
    expect(closes).toEqual([undefined]);
    expect(() => connection.send('<epp/>')).toThrow('connection is closed');
  });
});
