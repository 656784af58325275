import { randomBytes } from 'node:crypto';
import { createServer, Server, TLSSocket } from 'node:tls';
import { CommandDecodeError, decodeCommand, EppRequest } from '../epp/codec/server/command-decoder';
import { encodeGreeting, encodeResponse, ResultSpec } from '../epp/codec/server/response-encoder';
import { NS } from '../epp/codec/namespaces';
import { XmlSecurityError, XmlSyntaxError } from '../epp/codec/xml';
import { encodeFrame, FrameDecoder, FrameError } from '../epp/transport/framing';
import type { XsdValidator } from '../epp/xsd/xsd-validator';
import { SandboxFaults } from './faults';
import { Answer, SandboxRegistry } from './registry';
import { CiraCode, EppFault, fault } from './sandbox-error';
import type { SandboxClock } from './sandbox-clock';
import type { SandboxStore } from './store/sandbox-store';

/** What the greeting offers (Fury-shaped, SIDN-PROFILE Part 1: objURI epp-1.0 as CIRA lists it). */
export const OFFERED_OBJ_URIS = [NS.epp, NS.domain, NS.host, NS.contact];
export const OFFERED_EXT_URIS = [NS.fury, NS.furyRgp, NS.rgp, NS.secDNS, NS.org, NS.orgext, NS.idn, NS.fee];
/** Extensions whose command elements the sandbox acts on; the others are only announced (as Fury does). */
const IMPLEMENTED_EXTENSIONS = new Set<string>([NS.fury, NS.rgp, NS.secDNS]);
export const OFFERED_LANGS = ['en', 'nl'];
export const DEFAULT_SV_ID = 'EPP Server Version: 8.0.4 (handoff-sidn-sandbox)';

export interface ServerLimits {
  maxSessionsPerRegistrar: number;
  idleTimeoutMs: number;
  maxSessionAgeMs: number;
}

export interface SandboxLogger {
  info(o: object): void;
  warn(o: object): void;
}

export interface ServerDeps {
  store: SandboxStore;
  registry: SandboxRegistry;
  faults: SandboxFaults;
  clock: SandboxClock;
  validator?: XsdValidator;
  limits: ServerLimits;
  logger: SandboxLogger;
  svID: string;
}

interface Session {
  id: string;
  socket: TLSSocket;
  registrar?: string;
  extURIs: Set<string>;
  startedAt: number;
  lastActivity: number;
  queue: Promise<void>;
  closed: boolean;
}

/** Masks the login password(s) before a frame is stored: the record is for data, not for secrets. */
function maskLoginSecrets(xml: string): string {
  return xml.replace(/(<(?:[A-Za-z0-9_-]+:)?(?:pw|newPW)>)([^<]*)(<\/)/g, '$1********$3');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class SandboxServer {
  private server?: Server;
  private readonly sessions = new Set<Session>();

  constructor(private readonly deps: ServerDeps) {}

  async listen(
    host: string,
    port: number,
    tls: { cert: string; key: string; ca?: string; requireClientCert?: boolean },
  ) {
    this.server = createServer(
      {
        cert: tls.cert,
        key: tls.key,
        ca: tls.ca,
        requestCert: tls.requireClientCert === true,
        rejectUnauthorized: tls.requireClientCert === true,
        minVersion: 'TLSv1.2',
      },
      (socket) => this.accept(socket),
    );
    this.server.on('tlsClientError', (err) =>
      this.deps.logger.warn({ event: 'sandbox.tls-error', error: err.message }),
    );
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => {
        this.server!.off('error', reject);
        resolve();
      });
    });
    // Later server errors (e.g. accept failing with EMFILE) are reported, never left to crash the process.
    this.server.on('error', (err) =>
      this.deps.logger.warn({ event: 'sandbox.server-error', error: err.message }),
    );
    const address = this.server.address();
    return { port: typeof address === 'object' && address ? address.port : port };
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.destroy();
    await Promise.allSettled([...this.sessions].map((s) => s.queue));
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
  }

  /** Closes sessions idle too long or open too long (by the sandbox clock). */
  checkSessions(): void {
    const now = this.deps.clock.now().getTime();
    for (const s of this.sessions) {
      if (s.closed) continue;
      if (now - s.lastActivity >= this.deps.limits.idleTimeoutMs) this.closeSession(s, 'idle-timeout');
      else if (now - s.startedAt >= this.deps.limits.maxSessionAgeMs) this.closeSession(s, 'max-session-age');
    }
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  private closeSession(s: Session, reason: string): void {
    if (s.closed) return;
    s.closed = true;
    this.deps.logger.info({
      event: 'sandbox.session-closed',
      sessionId: s.id,
      registrar: s.registrar,
      reason,
    });
    s.socket.end();
    setTimeout(() => s.socket.destroy(), 200).unref();
  }

  private accept(socket: TLSSocket): void {
    const now = this.deps.clock.now().getTime();
    const session: Session = {
      id: randomBytes(8).toString('hex'),
      socket,
      extURIs: new Set(),
      startedAt: now,
      lastActivity: now,
      queue: Promise.resolve(),
      closed: false,
    };
    this.sessions.add(session);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        this.deps.logger.warn({
          event: 'sandbox.frame-error',
          sessionId: session.id,
          error: (e as FrameError).message,
        });
        session.closed = true;
        socket.destroy();
        return;
      }
      for (const xml of frames) {
        session.queue = session.queue
          .then(() => this.handleFrame(session, xml))
          .catch((e: unknown) => {
            this.deps.logger.warn({
              event: 'sandbox.session-error',
              sessionId: session.id,
              error: String(e),
            });
            session.closed = true;
            socket.destroy();
          });
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      session.closed = true;
      this.sessions.delete(session);
    });
    session.queue = session.queue.then(() =>
      this.send(session, encodeGreeting(this.greeting()), 'greeting').catch(() => undefined),
    );
  }

  private greeting() {
    return {
      svID: this.deps.svID,
      svDate: this.deps.clock.now(),
      langs: OFFERED_LANGS,
      objURIs: OFFERED_OBJ_URIS,
      extURIs: OFFERED_EXT_URIS,
    };
  }

  private async send(s: Session, xml: string, command?: string): Promise<void> {
    await this.deps.store.recordFrame({
      at: this.deps.clock.now(),
      registrar: s.registrar ?? null,
      sessionId: s.id,
      direction: 'out',
      xml,
      command,
    });
    if (!s.socket.destroyed) s.socket.write(encodeFrame(xml));
  }

  private async respond(
    s: Session,
    command: string,
    clTRID: string | undefined,
    answer: Answer,
    error?: EppFault,
  ) {
    const code = error ? error.code : (answer.code ?? 1000);
    const result: ResultSpec = error
      ? { code, ciraCode: error.ciraCode, reason: error.reason }
      : { code, msg: answer.msg };
    const xml = encodeResponse({
      results: [result],
      msgQ: answer.msgQ,
      resData: error ? undefined : answer.resData,
      extension: error ? undefined : answer.extension,
      clTRID,
      svTRID: await this.deps.store.nextSvTRID(),
    });
    await this.send(s, xml, command);
  }

  private async handleFrame(s: Session, xml: string): Promise<void> {
    if (s.closed) return;
    s.lastActivity = this.deps.clock.now().getTime();
    let req: EppRequest | undefined;
    let decodeProblem: string | undefined;
    try {
      req = decodeCommand(xml);
    } catch (e) {
      if (e instanceof XmlSecurityError || e instanceof XmlSyntaxError || e instanceof CommandDecodeError) {
        decodeProblem = e.message;
      } else throw e;
    }
    const command = req?.command;
    const clTRID = req && 'clTRID' in req ? req.clTRID : undefined;
    const registrarForRecord = s.registrar ?? (req?.command === 'login' ? req.clientId : undefined);
    await this.deps.store.recordFrame({
      at: this.deps.clock.now(),
      registrar: registrarForRecord ?? null,
      sessionId: s.id,
      direction: 'in',
      xml: command === 'login' ? maskLoginSecrets(xml) : xml,
      command,
    });
    const name = command ?? 'unknown';
    if (this.deps.validator && decodeProblem === undefined) {
      const result = await this.deps.validator.validate(xml);
      if (!result.valid)
        decodeProblem =
          result.errors.slice(0, 3).join('; ') || 'frame does not validate against the EPP schemas';
    }
    if (decodeProblem !== undefined || !req) {
      const reason = `XML schema validation failed: ${decodeProblem ?? 'unreadable frame'}`.slice(0, 1000);
      return this.respond(s, name, clTRID, {}, new EppFault(2001, CiraCode.SchemaInvalid, reason));
    }
    if (req.command === 'hello') return this.send(s, encodeGreeting(this.greeting()), 'hello');

    const injected = this.deps.faults.take(req.command, registrarForRecord);
    if (injected) {
      this.deps.logger.info({
        event: 'sandbox.fault',
        sessionId: s.id,
        command: req.command,
        mode: injected.mode,
      });
      switch (injected.mode) {
        case 'delay':
          await sleep(injected.delayMs ?? 0);
          break;
        case 'drop-before-apply':
          s.closed = true;
          s.socket.destroy();
          return;
        case 'answer-2400':
          return this.respond(
            s,
            name,
            clTRID,
            {},
            fault(2400, 'InjectedFailure', 'Command failed (injected fault)'),
          );
        case 'answer-2502-close':
          await this.respond(
            s,
            name,
            clTRID,
            {},
            fault(2502, 'InjectedFailure', 'Session limit exceeded (injected fault)'),
          );
          this.closeSession(s, 'injected-2502');
          return;
        case 'malformed':
          await this.deps.store.recordFrame({
            at: this.deps.clock.now(),
            registrar: s.registrar ?? null,
            sessionId: s.id,
            direction: 'out',
            xml: '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response><result code="1000"><msg>Command',
            command: name,
          });
          s.socket.write(
            encodeFrame(
              '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><response><result code="1000"><msg>Command',
            ),
          );
          return;
        case 'drop-after-apply':
          break;
      }
    }

    let answer: Answer = {};
    let error: EppFault | undefined;
    try {
      answer = await this.execute(s, req);
    } catch (e) {
      if (e instanceof EppFault) error = e;
      else {
        this.deps.logger.warn({
          event: 'sandbox.internal-error',
          sessionId: s.id,
          command: name,
          error: String(e),
        });
        error = fault(2400, 'InjectedFailure', 'Internal error in the sandbox');
      }
    }
    if (injected?.mode === 'drop-after-apply') {
      s.closed = true;
      s.socket.destroy();
      return;
    }
    await this.respond(s, name, clTRID, answer, error);
    if (req.command === 'logout' && !error) this.closeSession(s, 'logout');
    if (req.command === 'login' && error && error.code >= 2500) this.closeSession(s, 'login-refused');
  }

  private async execute(s: Session, req: Exclude<EppRequest, { command: 'hello' }>): Promise<Answer> {
    if (req.command === 'login') return this.login(s, req);
    if (!s.registrar) throw fault(2002, 'NotLoggedIn', 'You must log in first');
    if (req.command === 'logout') return { code: 1500 };
    const notSelected = req.extensions.namespaces.find((ns) => !s.extURIs.has(ns));
    if (notSelected)
      throw fault(2307, 'ExtensionNotSelected', `Extension ${notSelected} was not selected at login`);
    const unimplemented = req.extensions.namespaces.find((ns) => !IMPLEMENTED_EXTENSIONS.has(ns));
    if (unimplemented) {
      throw fault(
        2103,
        'UnimplementedCommand',
        `Extension ${unimplemented} is offered but not implemented by the sandbox`,
      );
    }
    return this.deps.registry.handle(req, {
      registrar: s.registrar,
      extURIs: s.extURIs,
      now: this.deps.clock.now(),
    });
  }

  private async login(s: Session, req: Extract<EppRequest, { command: 'login' }>): Promise<Answer> {
    if (s.registrar) throw fault(2002, 'AlreadyLoggedIn', 'This session is already logged in');
    const obj = req.objURIs.find((u) => !OFFERED_OBJ_URIS.includes(u as (typeof OFFERED_OBJ_URIS)[number]));
    if (obj) throw fault(2307, 'ServiceNotOffered', `Object service ${obj} is not offered by this server`);
    const ext = req.extURIs.find((u) => !OFFERED_EXT_URIS.includes(u as (typeof OFFERED_EXT_URIS)[number]));
    if (ext) throw fault(2307, 'ServiceNotOffered', `Extension ${ext} is not offered by this server`);
    if (!OFFERED_LANGS.includes(req.lang))
      throw fault(2102, 'LanguageNotOffered', `Language ${req.lang} is not offered`);
    if (!(await this.deps.store.checkPassword(req.clientId, req.password))) {
      throw fault(2200, 'AuthenticationFailed', 'Authentication failed: unknown registrar or wrong password');
    }
    // No await between counting and claiming the slot: concurrent logins cannot both take the last one.
    const active = [...this.sessions].filter((o) => o.registrar === req.clientId && !o.closed).length;
    if (active >= this.deps.limits.maxSessionsPerRegistrar) {
      throw fault(
        2502,
        'SessionLimitExceeded',
        `At most ${this.deps.limits.maxSessionsPerRegistrar} sessions per registrar`,
      );
    }
    s.registrar = req.clientId;
    s.extURIs = new Set(req.extURIs);
    if (req.newPassword !== undefined) await this.deps.store.setPassword(req.clientId, req.newPassword);
    this.deps.logger.info({
      event: 'sandbox.login',
      sessionId: s.id,
      registrar: req.clientId,
      extURIs: req.extURIs,
    });
    return {};
  }
}
