import { AddressInfo } from 'node:net';
import tls from 'node:tls';
import selfsigned from 'selfsigned';
import { NS } from '../../src/epp/codec/namespaces';
import {
  child,
  el,
  leaf,
  parseXml,
  serializeXml,
  XmlBuildElement,
  XmlElement,
} from '../../src/epp/codec/xml';
import { encodeFrame, FrameDecoder } from '../../src/epp/transport/framing';

/**
 * A minimal scripted EPP server over real TLS on loopback, for session, pool and CLI tests until
 * (and beside) the sandbox: it greets, answers hello/login/logout and, by default, every other
 * command with 1000; a script can answer differently, stay silent, drop the connection, or send a
 * 25xx and close. Certificates are self-signed (selfsigned); clients verify them with `ca`.
 */
export interface ReceivedCommand {
  readonly connection: number;
  readonly xml: string;
  /** `hello`, `login`, `logout`, `check`, `info`, `poll`, ... (the verb under `<command>`). */
  readonly verb: string;
  /** The object element's qualified name, e.g. `domain:check`. */
  readonly object?: string;
  readonly clTRID?: string;
  readonly root: XmlElement;
}

export type ScriptAction =
  | 'silence'
  | 'drop'
  | {
      /** Response XML; default: a response with `code` for the command's clTRID. */
      readonly xml?: string;
      readonly code?: number;
      readonly message?: string;
      readonly resData?: XmlBuildElement;
      /** Answer after this many real milliseconds. */
      readonly delayMs?: number;
      /** Close the connection after answering (2500-range behaviour). */
      readonly thenClose?: boolean;
    };

export interface ScriptedServerOptions {
  readonly svID?: string;
  readonly objURIs?: string[];
  readonly extURIs?: string[];
  readonly clientId?: string;
  readonly password?: string;
  /** Require and verify a client certificate (mutual TLS). */
  readonly requireClientCert?: boolean;
  /** Do not send a greeting on connect. */
  readonly silentGreeting?: boolean;
  readonly script?: (command: ReceivedCommand) => ScriptAction | undefined;
}

export interface TestCertificates {
  /** PEM the client trusts (the server's self-signed certificate). */
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  /** A client certificate signed by the server's key, for mutual TLS. */
  readonly clientCert: string;
  readonly clientKey: string;
}

export async function generateTestCertificates(commonName = 'localhost'): Promise<TestCertificates> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    clientCertificate: { cn: 'handoff-test-registrar' },
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: commonName },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return {
    ca: pems.cert,
    serverCert: pems.cert,
    serverKey: pems.private,
    clientCert: pems.clientcert!,
    clientKey: pems.clientprivate!,
  };
}

export const DEFAULT_OBJ_URIS = [NS.epp, NS.domain, NS.contact, NS.host];
export const DEFAULT_EXT_URIS = [NS.secDNS, NS.rgp, NS.fury, NS.furyRgp, 'urn:ietf:params:xml:ns:launch-1.0'];

export class ScriptedEppServer {
  readonly received: ReceivedCommand[] = [];
  readonly sockets: tls.TLSSocket[] = [];
  script?: (command: ReceivedCommand) => ScriptAction | undefined;
  private server?: tls.Server;
  private svCounter = 0;

  private constructor(
    private readonly options: ScriptedServerOptions,
    readonly certificates: TestCertificates,
  ) {
    this.script = options.script;
  }

  static async start(
    options: ScriptedServerOptions = {},
    certificates?: TestCertificates,
  ): Promise<ScriptedEppServer> {
    const server = new ScriptedEppServer(options, certificates ?? (await generateTestCertificates()));
    await server.listen();
    return server;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** Connections currently open. */
  get openConnections(): number {
    return this.sockets.filter((s) => !s.destroyed).length;
  }

  commands(verb?: string): ReceivedCommand[] {
    return verb ? this.received.filter((c) => c.verb === verb) : this.received;
  }

  /** Sends a frame on connection `index` (e.g. a late answer after the client timed out). */
  sendOn(index: number, xml: string): boolean {
    const socket = this.sockets[index];
    if (!socket || socket.destroyed || !socket.writable) return false;
    socket.write(encodeFrame(xml));
    return true;
  }

  /** Drops every connection without a word (a network failure as the client sees it). */
  dropAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  greetingXml(): string {
    return serializeXml(
      el('epp', { xmlns: NS.epp }, [
        el('greeting', {}, [
          leaf('svID', this.options.svID ?? 'Scripted EPP test server'),
          leaf('svDate', new Date().toISOString()),
          el('svcMenu', {}, [
            leaf('version', '1.0'),
            leaf('lang', 'en'),
            ...(this.options.objURIs ?? DEFAULT_OBJ_URIS).map((u) => leaf('objURI', u)),
            el(
              'svcExtension',
              {},
              (this.options.extURIs ?? DEFAULT_EXT_URIS).map((u) => leaf('extURI', u)),
            ),
          ]),
          el('dcp', {}, [
            el('access', {}, [el('none')]),
            el('statement', {}, [
              el('purpose', {}, [el('admin')]),
              el('recipient', {}, [el('ours')]),
              el('retention', {}, [el('legal')]),
            ]),
          ]),
        ]),
      ]),
    );
  }

  responseXml(
    code: number,
    clTRID: string | undefined,
    message = 'Command completed',
    resData?: XmlBuildElement,
  ): string {
    return serializeXml(
      el('epp', { xmlns: NS.epp }, [
        el('response', {}, [
          el('result', { code }, [leaf('msg', message)]),
          resData && el('resData', {}, [resData]),
          el('trID', {}, [
            clTRID !== undefined && leaf('clTRID', clTRID),
            leaf('svTRID', `SV-${++this.svCounter}`),
          ]),
        ]),
      ]),
    );
  }

  private listen(): Promise<void> {
    const c = this.certificates;
    this.server = tls.createServer(
      {
        cert: c.serverCert,
        key: c.serverKey,
        minVersion: 'TLSv1.2',
        requestCert: this.options.requireClientCert ?? false,
        rejectUnauthorized: this.options.requireClientCert ?? false,
        ca: this.options.requireClientCert ? [c.serverCert] : undefined,
      },
      (socket) => this.accept(socket),
    );
    this.server.on('tlsClientError', () => undefined);
    return new Promise((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
  }

  private accept(socket: tls.TLSSocket): void {
    const index = this.sockets.push(socket) - 1;
    socket.on('error', () => undefined);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const xml of frames) this.handle(index, socket, xml);
    });
    if (!this.options.silentGreeting) socket.write(encodeFrame(this.greetingXml()));
  }

  private handle(index: number, socket: tls.TLSSocket, xml: string): void {
    const root = parseXml(xml);
    const command = child(root, NS.epp, 'command');
    const verbEl = command?.children.find((e) => e.local !== 'clTRID' && e.local !== 'extension');
    const received: ReceivedCommand = {
      connection: index,
      xml,
      verb: child(root, NS.epp, 'hello') ? 'hello' : (verbEl?.local ?? 'unknown'),
      object: verbEl?.children[0]?.name,
      clTRID: child(command, NS.epp, 'clTRID')?.text.trim(),
      root,
    };
    this.received.push(received);
    const action = this.script?.(received) ?? this.defaultAction(received);
    if (action === 'silence') return;
    if (action === 'drop') {
      socket.destroy();
      return;
    }
    const answer = () => {
      if (socket.destroyed) return;
      const out =
        action.xml ??
        (received.verb === 'hello'
          ? this.greetingXml()
          : this.responseXml(action.code ?? 1000, received.clTRID, action.message, action.resData));
      socket.write(encodeFrame(out));
      if (action.thenClose) socket.end();
    };
    if (action.delayMs) setTimeout(answer, action.delayMs);
    else answer();
  }

  private defaultAction(command: ReceivedCommand): ScriptAction {
    switch (command.verb) {
      case 'hello':
        return {};
      case 'login': {
        const login = child(command.root, NS.epp, 'command')!.children[0];
        const ok =
          (this.options.clientId === undefined ||
            child(login, NS.epp, 'clID')?.text === this.options.clientId) &&
          (this.options.password === undefined || child(login, NS.epp, 'pw')?.text === this.options.password);
        return ok ? { code: 1000 } : { code: 2200, message: 'Authentication error' };
      }
      case 'logout':
        return { code: 1500, message: 'Command completed successfully; ending session', thenClose: true };
      default:
        return { code: 1000 };
    }
  }
}
