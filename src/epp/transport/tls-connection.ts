import tls from 'node:tls';
import { BaseConnection, ConnectionClosedError } from '../session/connection';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame, FrameDecoder, FrameError } from './framing';

/** RFC 5734 over TLS (node:tls). Server verification is on unless explicitly switched off. */
export interface TlsConnectionOptions {
  readonly host: string;
  /** RFC 5734 §2: the registered EPP port is 700. */
  readonly port: number;
  /** SNI and certificate name check; defaults to `host` when that is a name, not an IP address. */
  readonly servername?: string;
  /** PEM CA certificate(s) to trust instead of the system CAs. */
  readonly ca?: string | Buffer;
  /** PEM client certificate (chain) and key for mutual TLS. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly passphrase?: string;
  /** Default true. False only for a deliberate operator choice (`--insecure`). */
  readonly rejectUnauthorized?: boolean;
  /** Default and floor 'TLSv1.2'. */
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** Time allowed for TCP connect + TLS handshake. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /** A frame that has begun must complete within this time after its last byte. Default 60 s; 0 = off. */
  readonly readTimeoutMs?: number;
  /** Largest frame accepted; a larger announced length closes the connection. */
  readonly maxFrameBytes?: number;
}

export class TlsConnectError extends Error {
  override readonly name = 'TlsConnectError';
}

export class TlsConnection extends BaseConnection {
  private readonly decoder: FrameDecoder;

  constructor(
    private readonly socket: tls.TLSSocket,
    options: Pick<TlsConnectionOptions, 'maxFrameBytes' | 'readTimeoutMs'> = {},
  ) {
    super();
    this.decoder = new FrameDecoder(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error: Error) => this.close(error));
    socket.on('close', () => {
      const truncated = this.decoder.pendingBytes > 0;
      this.emitClose(truncated ? new FrameError('connection closed in the middle of a frame') : undefined);
    });
    const readTimeoutMs = options.readTimeoutMs ?? 60_000;
    if (readTimeoutMs > 0) {
      socket.setTimeout(readTimeoutMs, () => {
        // Idle is fine between frames (the session's keep-alive handles that); a stalled frame is not.
        if (this.decoder.pendingBytes > 0) {
          this.close(new FrameError(`read timeout: frame incomplete after ${readTimeoutMs} ms`));
        }
      });
    }
  }

  /** The peer certificate's subject CN, for diagnostics. */
  get peerSubject(): string | undefined {
    const cert = this.socket.getPeerCertificate();
    const cn = cert?.subject?.CN;
    return Array.isArray(cn) ? cn.join(',') : cn;
  }

  get protocol(): string | null {
    return this.socket.getProtocol();
  }

  send(xml: string): void {
    if (this.closed || this.socket.destroyed) throw new ConnectionClosedError('connection is closed');
    this.socket.write(encodeFrame(xml));
  }

  close(error?: Error): void {
    if (this.closed) return;
    this.emitClose(error);
    if (error) this.socket.destroy();
    else {
      this.socket.end();
      // Do not wait forever for the peer's close_notify.
      const timer = setTimeout(() => this.socket.destroy(), 2_000);
      timer.unref();
      this.socket.once('close', () => clearTimeout(timer));
    }
  }

  private receive(chunk: Buffer): void {
    let frames: string[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      // A bogus length cannot be re-synchronised: the connection is unusable.
      this.close(error instanceof Error ? error : new FrameError(String(error)));
      return;
    }
    for (const frame of frames) this.emitFrame(frame);
  }
}

/** Opens a TLS connection and resolves once the handshake (including verification) succeeded. */
export function connectTls(options: TlsConnectionOptions): Promise<TlsConnection> {
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const servername = options.servername ?? (isIpAddress(options.host) ? undefined : options.host);
    const socket = tls.connect({
      host: options.host,
      port: options.port,
      servername,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      passphrase: options.passphrase,
      rejectUnauthorized: options.rejectUnauthorized ?? true,
      minVersion: options.minVersion ?? 'TLSv1.2',
    });
    let settled = false;
    const timer = setTimeout(() => {
      fail(new TlsConnectError(`connect to ${options.host}:${options.port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    timer.unref();
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(
        error instanceof TlsConnectError ? error : new TlsConnectError(describeTlsError(options, error)),
      );
    };
    const onClose = () => fail(new Error('connection closed during the TLS handshake'));
    socket.once('error', fail);
    socket.once('close', onClose);
    socket.once('secureConnect', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('error', fail);
      socket.removeListener('close', onClose);
      resolve(new TlsConnection(socket, options));
    });
  });
}

function describeTlsError(options: TlsConnectionOptions, error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return `TLS connection to ${options.host}:${options.port} failed: ${code ? code + ': ' : ''}${error.message}`;
}

function isIpAddress(host: string): boolean {
  return /^[0-9.]+$/.test(host) || host.includes(':');
}
