import { connect, TLSSocket } from 'node:tls';
import { child, childrenOf, childText, find, parseXml, XmlElement } from '../../../src/epp/codec/xml';
import { NS } from '../../../src/epp/codec/namespaces';
import { encodeFrame, FrameDecoder } from '../../../src/epp/transport/framing';

/**
 * A deliberately small EPP client for the sandbox tests: real TLS, RFC 5734 framing, raw XML in and out.
 * It verifies the server with the sandbox's CA certificate, like a real client would.
 */
export interface RawResponse {
  xml: string;
  root: XmlElement;
  code: number;
  msg: string;
  ciraCode?: number;
  reason?: string;
}

export class RawEppClient {
  private readonly decoder = new FrameDecoder();
  private readonly frames: string[] = [];
  private waiters: ((xml: string | Error) => void)[] = [];
  private closedError?: Error;
  closed = false;

  private constructor(readonly socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      for (const f of this.decoder.push(chunk)) {
        const w = this.waiters.shift();
        if (w) w(f);
        else this.frames.push(f);
      }
    });
    const onClose = () => {
      this.closed = true;
      this.closedError = new Error('connection closed by the server');
      for (const w of this.waiters.splice(0)) w(this.closedError);
    };
    socket.on('close', onClose);
    socket.on('error', () => undefined);
  }

  static async connect(
    port: number,
    ca: string,
    extra: { cert?: string; key?: string } = {},
  ): Promise<RawEppClient> {
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port, ca, servername: 'localhost', ...extra }, () => resolve(s));
      s.once('error', reject);
    });
    return new RawEppClient(socket);
  }

  /** The next frame from the server (greeting first). */
  next(timeoutMs = 10000): Promise<string> {
    const buffered = this.frames.shift();
    if (buffered !== undefined) return Promise.resolve(buffered);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in time')), timeoutMs);
      this.waiters.push((x) => {
        clearTimeout(timer);
        if (x instanceof Error) reject(x);
        else resolve(x);
      });
    });
  }

  async send(xml: string): Promise<RawResponse> {
    this.socket.write(encodeFrame(xml));
    return parseResponse(await this.next());
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Resolves when the server has closed the connection. */
  waitClosed(timeoutMs = 10000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export function parseResponse(xml: string): RawResponse {
  const root = parseXml(xml);
  const response = child(root, NS.epp, 'response');
  const result = child(response, NS.epp, 'result');
  if (!result) throw new Error(`not a response: ${xml.slice(0, 200)}`);
  const extValue = child(result, NS.epp, 'extValue');
  const cira = find(extValue, '*', 'ciraCode');
  return {
    xml,
    root,
    code: Number(result.attrs.code),
    msg: childText(result, NS.epp, 'msg') ?? '',
    ciraCode: cira ? Number(cira.text.trim()) : undefined,
    reason: childText(extValue, NS.epp, 'reason'),
  };
}

export { child, childrenOf, childText, find };
