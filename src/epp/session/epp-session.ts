import type { EncodeContext, RegistryProfileName } from '../codec/context';
import { EppLogger, logCommand, silentLogger } from '../logging/epp-logger';
import { Clock, systemClock, TimerHandle } from './clock';
import { ClTRIDGenerator } from './cltrid';
import type { Connection, ConnectionFactory } from './connection';
import { EppLoginError, EppOutcomeUnknownError, EppProtocolError, EppSessionClosedError } from './errors';
import type {
  ChosenServices,
  CommandSummary,
  GreetingLike,
  ResponseLike,
  SessionCodec,
} from './session-codec';

/**
 * One EPP session (RFC 5730 §2): greeting -> login -> ready -> closing -> closed, or broken.
 *
 * Rules (docs/epp-sessions.md):
 * - one command at a time, never pipelined (SIDN DRS5 §6.2.5: in-order, synchronous); callers queue;
 * - every command carries a fresh clTRID and its answer must echo it, else the session is broken;
 * - a command without an answer in time retires the session and rejects with EppOutcomeUnknownError:
 *   a late answer is never read as the answer to a later command;
 * - a 25xx result (RFC 5730 §3: the server is closing) is returned, then the session is closed;
 * - `<hello/>` after `keepAliveMs` idle; retired at `maxSessionAgeMs`; logout on close.
 */
export type SessionState = 'connecting' | 'greeting' | 'login' | 'ready' | 'closing' | 'closed' | 'broken';

export interface SessionCredentials {
  readonly clientId: string;
  readonly password: string;
  /** RFC 5730 §2.9.1.1 `newPW`: changes the password at this login. */
  readonly newPassword?: string;
  readonly lang?: string;
}

export interface SessionOptions<G extends GreetingLike, R extends ResponseLike> {
  readonly connect: ConnectionFactory;
  readonly codec: SessionCodec<G, R>;
  readonly credentials: SessionCredentials;
  readonly clock?: Clock;
  readonly logger?: EppLogger;
  /** Name of this session in log lines. */
  readonly name?: string;
  /** clTRID prefix (letters/digits, up to 16). Default `HO`. */
  readonly clTRIDPrefix?: string;
  readonly random?: () => number;
  /** Force a registry profile instead of choosing it from the greeting. */
  readonly profileOverride?: RegistryProfileName;
  /** Time allowed for the greeting after connect. Default 30 s. */
  readonly greetingTimeoutMs?: number;
  /** Time allowed for each answer. Default 60 s. */
  readonly commandTimeoutMs?: number;
  /** Send `<hello/>` after this much idle time; 0 disables. Default 5 min (DRS5 closed idle sessions after 10). */
  readonly keepAliveMs?: number;
  /** Retire the session at this age; 0 disables. Default 23 h (DRS5 closed sessions after 24 h). */
  readonly maxSessionAgeMs?: number;
  /** Time allowed for the logout answer. Default 5 s. */
  readonly logoutTimeoutMs?: number;
}

export interface CommandOptions {
  /** Overrides the session's command timeout for this command. */
  readonly timeoutMs?: number;
  /**
   * Awaited with the exact frame after it is built and before it is written: the disclosure ledger
   * commits its intent here, so nothing leaves without a record. If it throws, nothing is sent and
   * the session stays usable. The command timeout starts only once the frame is written.
   */
  readonly beforeSend?: (frame: { readonly xml: string; readonly clTRID: string }) => Promise<void>;
}

/** One command and its answer, with the frames as they were on the wire (for the ledger). */
export interface CommandExchange<R> {
  readonly clTRID: string;
  readonly response: R;
  /** The frame sent (may hold personal data: store it deliberately, never log it). */
  readonly sent: string;
  readonly received: string;
  readonly sentAt: number;
  readonly durationMs: number;
  /** The registry profile of the session (to map errors: `errorFromResponse(profile, response)`). */
  readonly profile: RegistryProfileName;
  /** The session's name, as in its log lines. */
  readonly session: string;
}

export type CommandBuilder = (ctx: EncodeContext) => string;

export const SESSION_DEFAULTS = {
  greetingTimeoutMs: 30_000,
  commandTimeoutMs: 60_000,
  keepAliveMs: 5 * 60_000,
  maxSessionAgeMs: 23 * 60 * 60_000,
  logoutTimeoutMs: 5_000,
} as const;

type Expect = 'greeting' | 'response';

interface InFlight {
  readonly expect: Expect;
  readonly clTRID?: string;
  readonly summary: CommandSummary;
  readonly sent: string;
  readonly sentAt: number;
  readonly resolve: (received: { xml: string; decoded: unknown }) => void;
  readonly reject: (error: Error) => void;
  timer?: TimerHandle;
}

interface Task {
  readonly run: () => Promise<void>;
  readonly cancel: (error: Error) => void;
}

export type SessionEndListener = (reason: string, error?: Error) => void;

let sessionCounter = 0;

export class EppSession<G extends GreetingLike, R extends ResponseLike> {
  readonly name: string;
  private stateValue: SessionState = 'connecting';
  private connection?: Connection;
  private greetingValue?: G;
  private servicesValue?: ChosenServices;
  private profileValue?: RegistryProfileName;
  private openedAtValue?: number;
  private lastActivity = 0;
  private inFlight?: InFlight;
  private readonly queue: Task[] = [];
  private running = false;
  private retiring = false;
  private keepAliveTimer?: TimerHandle;
  private ageTimer?: TimerHandle;
  private endReason?: string;
  private readonly endListeners: SessionEndListener[] = [];
  private readonly clock: Clock;
  private readonly logger: EppLogger;
  private readonly ids: ClTRIDGenerator;
  private readonly o: Required<
    Pick<
      SessionOptions<G, R>,
      'greetingTimeoutMs' | 'commandTimeoutMs' | 'keepAliveMs' | 'maxSessionAgeMs' | 'logoutTimeoutMs'
    >
  >;

  private constructor(private readonly options: SessionOptions<G, R>) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.name = options.name ?? `epp-${++sessionCounter}`;
    this.ids = new ClTRIDGenerator(options.clTRIDPrefix ?? 'HO', this.clock, options.random ?? Math.random);
    this.o = {
      greetingTimeoutMs: options.greetingTimeoutMs ?? SESSION_DEFAULTS.greetingTimeoutMs,
      commandTimeoutMs: options.commandTimeoutMs ?? SESSION_DEFAULTS.commandTimeoutMs,
      keepAliveMs: options.keepAliveMs ?? SESSION_DEFAULTS.keepAliveMs,
      maxSessionAgeMs: options.maxSessionAgeMs ?? SESSION_DEFAULTS.maxSessionAgeMs,
      logoutTimeoutMs: options.logoutTimeoutMs ?? SESSION_DEFAULTS.logoutTimeoutMs,
    };
  }

  /**
   * Connects, waits for the greeting and logs in with the services the greeting offers and we
   * support. Rejects with EppLoginError when the server refuses the login (the connection is closed).
   */
  static async open<G extends GreetingLike, R extends ResponseLike>(
    options: SessionOptions<G, R>,
  ): Promise<EppSession<G, R>> {
    const session = new EppSession(options);
    await session.start();
    return session;
  }

  get state(): SessionState {
    return this.stateValue;
  }

  get greeting(): G {
    if (!this.greetingValue) throw new EppSessionClosedError('no greeting received yet');
    return this.greetingValue;
  }

  /** The objURIs and extURIs announced at login. */
  get services(): ChosenServices {
    if (!this.servicesValue) throw new EppSessionClosedError('not logged in');
    return this.servicesValue;
  }

  get profile(): RegistryProfileName {
    if (!this.profileValue) throw new EppSessionClosedError('no greeting received yet');
    return this.profileValue;
  }

  get openedAt(): number | undefined {
    return this.openedAtValue;
  }

  /** Ready, not retiring, and younger than the maximum age: the pool may hand it out. */
  isUsable(): boolean {
    if (this.stateValue !== 'ready' || this.retiring) return false;
    const age = this.clock.now() - (this.openedAtValue ?? 0);
    return this.o.maxSessionAgeMs <= 0 || age < this.o.maxSessionAgeMs;
  }

  /** Called once when the session is closed or broken (immediately if it already is). */
  onEnd(listener: SessionEndListener): void {
    if (this.endReason !== undefined) listener(this.endReason);
    else this.endListeners.push(listener);
  }

  /**
   * Sends one command built for this session (the builder gets the clTRID, the negotiated extensions
   * and the profile) and resolves with the decoded answer and the raw frames. Answers with result
   * codes >= 2000 resolve too: they are registry decisions, not transport failures.
   */
  command(build: CommandBuilder, options: CommandOptions = {}): Promise<CommandExchange<R>> {
    return this.enqueue(() =>
      this.execute(build, options.timeoutMs ?? this.o.commandTimeoutMs, options.beforeSend),
    );
  }

  /** `<hello/>`: returns a fresh greeting. Also the keep-alive. */
  hello(options: CommandOptions = {}): Promise<G> {
    return this.enqueue(async () => {
      const sent = this.options.codec.hello();
      const { decoded } = await this.exchange(
        'greeting',
        sent,
        undefined,
        { command: 'hello' },
        options.timeoutMs ?? this.o.commandTimeoutMs,
      );
      return (decoded as { greeting: G }).greeting;
    });
  }

  /** Lets queued commands finish, logs out (RFC 5730 §2.9.1.2) and closes. Never throws. */
  async close(): Promise<void> {
    if (this.stateValue === 'closed' || this.stateValue === 'broken') return;
    if (this.stateValue === 'closing') {
      await new Promise<void>((resolve) => this.onEnd(() => resolve()));
      return;
    }
    if (this.stateValue !== 'ready') {
      this.finish('closed', 'closed before login completed');
      return;
    }
    this.stateValue = 'closing';
    this.clearTimers();
    const ended = new Promise<void>((resolve) => this.onEnd(() => resolve()));
    this.enqueue(async () => {
      try {
        const clTRID = this.ids.next();
        await this.exchange(
          'response',
          this.options.codec.logout(clTRID),
          clTRID,
          { command: 'logout', clTRID },
          this.o.logoutTimeoutMs,
        );
      } finally {
        this.finish('closed', 'logged out');
      }
    }, true).catch(() => undefined);
    await ended;
  }

  /** Stops handing this session out; closes it (with logout) as soon as it is idle. */
  retire(reason: string): void {
    if (this.retiring) return;
    this.retiring = true;
    this.logger.info({ event: 'epp.session.retire', session: this.name, reason });
    void this.close();
  }

  // ---- start-up ---------------------------------------------------------------------------------

  private async start(): Promise<void> {
    try {
      const connection = await this.options.connect();
      this.connection = connection;
      if (this.stateValue !== 'connecting') {
        connection.close();
        throw new EppSessionClosedError('session closed while connecting');
      }
      this.stateValue = 'greeting';
      // Expect the greeting before listening: the transport may hand it over as soon as we do.
      const greetingArrives = this.awaitGreeting();
      connection.onFrame((xml) => this.onFrame(xml));
      connection.onClose((error) => this.onConnectionClosed(error));
      const greeting = await greetingArrives;
      this.greetingValue = greeting;
      this.servicesValue = this.options.codec.chooseServices(greeting);
      this.profileValue = this.options.profileOverride ?? this.options.codec.chooseProfile(greeting);
      this.stateValue = 'login';
      await this.login();
      this.stateValue = 'ready';
      this.openedAtValue = this.clock.now();
      this.lastActivity = this.openedAtValue;
      this.logger.info({
        event: 'epp.session.ready',
        session: this.name,
        svID: greeting.svID,
        profile: this.profileValue,
        objURIs: this.servicesValue.objURIs,
        extURIs: this.servicesValue.extURIs,
      });
      if (this.o.maxSessionAgeMs > 0) {
        this.ageTimer = this.clock.setTimeout(
          () => this.retire('maximum session age reached'),
          this.o.maxSessionAgeMs,
        );
      }
      this.scheduleKeepAlive();
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      if (this.stateValue !== 'closed' && this.stateValue !== 'broken')
        this.finish('broken', err.message, err);
      throw err;
    }
  }

  private awaitGreeting(): Promise<G> {
    return new Promise<G>((resolve, reject) => {
      const inFlight: InFlight = {
        expect: 'greeting',
        summary: { command: 'greeting' },
        sent: '',
        sentAt: this.clock.now(),
        resolve: ({ decoded }) => resolve((decoded as { greeting: G }).greeting),
        reject,
      };
      inFlight.timer = this.clock.setTimeout(() => {
        this.inFlight = undefined;
        const error = new EppProtocolError(`no greeting within ${this.o.greetingTimeoutMs} ms`);
        reject(error);
        this.finish('broken', error.message, error);
      }, this.o.greetingTimeoutMs);
      this.inFlight = inFlight;
    });
  }

  private async login(): Promise<void> {
    const { credentials, codec } = this.options;
    const services = this.servicesValue!;
    const clTRID = this.ids.next();
    const xml = codec.login(
      {
        clientId: credentials.clientId,
        password: credentials.password,
        newPassword: credentials.newPassword,
        lang: credentials.lang,
        objURIs: services.objURIs,
        extURIs: services.extURIs,
      },
      clTRID,
    );
    const { decoded } = await this.exchange(
      'response',
      xml,
      clTRID,
      { command: 'login', objectId: credentials.clientId, clTRID },
      this.o.commandTimeoutMs,
    );
    const result = (decoded as { response: R }).response.results[0];
    if (!result || result.code < 1000 || result.code > 1999) {
      const error = new EppLoginError(result?.code ?? 0, result?.message ?? 'no result');
      this.finish('closed', error.message, error);
      throw error;
    }
  }

  // ---- commands -----------------------------------------------------------------------------------

  private enqueue<T>(work: () => Promise<T>, internal = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!internal && this.stateValue !== 'ready') {
        reject(new EppSessionClosedError(`session ${this.name} is ${this.stateValue}: command not sent`));
        return;
      }
      this.queue.push({
        run: () => work().then(resolve, reject),
        cancel: reject,
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running) return;
    const task = this.queue.shift();
    if (!task) {
      this.scheduleKeepAlive();
      return;
    }
    this.running = true;
    this.clearKeepAlive();
    void task.run().finally(() => {
      this.running = false;
      this.pump();
    });
  }

  private async execute(
    build: CommandBuilder,
    timeoutMs: number,
    beforeSend?: CommandOptions['beforeSend'],
  ): Promise<CommandExchange<R>> {
    if (this.stateValue !== 'ready') {
      throw new EppSessionClosedError(`session ${this.name} is ${this.stateValue}: command not sent`);
    }
    const clTRID = this.ids.next();
    // An encoder error throws here, before anything is sent: the session stays usable.
    const sent = build({
      clTRID,
      extensions: new Set(this.servicesValue!.extURIs),
      profile: this.profileValue!,
    });
    const summary = this.summarize(sent, clTRID);
    if (beforeSend) {
      await beforeSend({ xml: sent, clTRID });
      if (this.stateValue !== 'ready') {
        throw new EppSessionClosedError(`session ${this.name} is ${this.stateValue}: command not sent`);
      }
    }
    // Extension-only frames (Fury's fury:command) have no place for a clTRID, so their answer cannot
    // echo one; with one command in flight at a time the answer is still unambiguous.
    const echoExpected = sent.includes(clTRID);
    const sentAt = this.clock.now();
    const { xml, decoded } = await this.exchange(
      'response',
      sent,
      echoExpected ? clTRID : undefined,
      summary,
      timeoutMs,
    );
    const response = (decoded as { response: R }).response;
    const code = response.results[0]?.code;
    if (code !== undefined && code >= 2500 && code <= 2599) {
      // RFC 5730 §3: the server closes the session after a 25xx answer; the caller still gets it.
      queueMicrotask(() => this.finish('closed', `server ended the session with ${code}`));
      this.stateValue = 'closing';
    }
    return {
      clTRID,
      response,
      sent,
      received: xml,
      sentAt,
      durationMs: this.clock.now() - sentAt,
      profile: this.profileValue!,
      session: this.name,
    };
  }

  private summarize(sent: string, clTRID: string): CommandSummary {
    try {
      return { ...this.options.codec.summarize(sent), clTRID };
    } catch {
      return { command: 'unknown', clTRID };
    }
  }

  /** Sends one frame and waits for the one answer to it. */
  private exchange(
    expect: Expect,
    sent: string,
    clTRID: string | undefined,
    summary: CommandSummary,
    timeoutMs: number,
  ): Promise<{ xml: string; decoded: unknown }> {
    return new Promise((resolve, reject) => {
      const connection = this.connection;
      if (!connection || connection.closed) {
        reject(new EppSessionClosedError(`session ${this.name} has no connection: command not sent`));
        return;
      }
      const sentAt = this.clock.now();
      const inFlight: InFlight = {
        expect,
        clTRID,
        summary,
        sent,
        sentAt,
        resolve: (received) => {
          const response = (received.decoded as { response?: ResponseLike }).response;
          this.log(inFlight, 'completed', response);
          resolve(received);
        },
        reject: (error) => {
          this.log(
            inFlight,
            error instanceof EppOutcomeUnknownError ? 'unknown' : 'not-sent',
            undefined,
            error,
          );
          reject(error);
        },
      };
      this.inFlight = inFlight;
      try {
        connection.send(sent);
      } catch (error) {
        this.inFlight = undefined;
        inFlight.reject(new EppSessionClosedError(`send failed: ${(error as Error).message}`));
        return;
      }
      this.lastActivity = sentAt;
      inFlight.timer = this.clock.setTimeout(() => {
        if (this.inFlight !== inFlight) return;
        this.inFlight = undefined;
        const error = this.unknown(inFlight, `no answer within ${timeoutMs} ms; session retired`);
        inFlight.reject(error);
        // Never read a late answer as the answer to a later command: this session is done.
        this.finish('broken', error.reason, error);
      }, timeoutMs);
    });
  }

  private unknown(inFlight: InFlight, reason: string): EppOutcomeUnknownError {
    return new EppOutcomeUnknownError(
      inFlight.clTRID ?? '-',
      inFlight.summary.command,
      reason,
      inFlight.sent,
    );
  }

  private log(
    inFlight: InFlight,
    outcome: 'completed' | 'unknown' | 'not-sent',
    response?: ResponseLike,
    error?: Error,
  ) {
    if (inFlight.expect === 'greeting' && inFlight.summary.command === 'greeting') return;
    logCommand(this.logger, {
      event: 'epp.command',
      session: this.name,
      command: inFlight.summary.command,
      objectId: inFlight.summary.objectId,
      clTRID: inFlight.clTRID ?? '-',
      svTRID: response?.trID.svTRID,
      resultCode: response?.results[0]?.code,
      outcome,
      durationMs: this.clock.now() - inFlight.sentAt,
      profile: this.profileValue,
      reason: error instanceof EppOutcomeUnknownError ? error.reason : error?.message,
    });
  }

  // ---- incoming -------------------------------------------------------------------------------------

  private onFrame(xml: string): void {
    const inFlight = this.inFlight;
    if (!inFlight) {
      this.finish('broken', 'unsolicited frame from the server', new EppProtocolError('unsolicited frame'));
      return;
    }
    this.inFlight = undefined;
    if (inFlight.timer !== undefined) this.clock.clearTimeout(inFlight.timer);
    let decoded: ReturnType<SessionCodec<G, R>['decode']>;
    try {
      decoded = this.options.codec.decode(xml);
    } catch (error) {
      this.failInFlight(inFlight, `undecodable answer (${(error as Error).name})`);
      return;
    }
    if (decoded.kind !== inFlight.expect) {
      this.failInFlight(inFlight, `expected a ${inFlight.expect}, received a ${decoded.kind}`);
      return;
    }
    if (decoded.kind === 'response') {
      const echoed = decoded.response.trID.clTRID;
      const code = decoded.response.results[0]?.code ?? 0;
      // RFC 5730 §2.6: the server echoes the clTRID. A server that could not parse the command may
      // not find it (2xxx without clTRID); any other missing or different clTRID breaks the session.
      const acceptable =
        inFlight.clTRID === undefined
          ? echoed === undefined
          : echoed === inFlight.clTRID || (echoed === undefined && code >= 2000);
      if (!acceptable) {
        this.failInFlight(inFlight, `answer carries clTRID ${echoed ?? '(none)'}, not ${inFlight.clTRID}`);
        return;
      }
    }
    this.lastActivity = this.clock.now();
    inFlight.resolve({ xml, decoded });
  }

  private failInFlight(inFlight: InFlight, reason: string): void {
    const error =
      inFlight.expect === 'greeting' && inFlight.sent === ''
        ? new EppProtocolError(reason)
        : this.unknown(inFlight, reason);
    inFlight.reject(error);
    this.finish('broken', reason, error);
  }

  private onConnectionClosed(error?: Error): void {
    if (this.stateValue === 'closed' || this.stateValue === 'broken') return;
    const reason = error ? `connection lost: ${error.message}` : 'connection closed by the server';
    const inFlight = this.inFlight;
    if (inFlight) {
      this.inFlight = undefined;
      if (inFlight.timer !== undefined) this.clock.clearTimeout(inFlight.timer);
      if (inFlight.summary.command === 'logout') inFlight.resolve({ xml: '', decoded: {} });
      else if (inFlight.sent === '') inFlight.reject(new EppProtocolError(`${reason} before the greeting`));
      else inFlight.reject(this.unknown(inFlight, reason));
    }
    this.finish(this.stateValue === 'closing' ? 'closed' : 'broken', reason, error);
  }

  // ---- timers and the end -----------------------------------------------------------------------------

  private scheduleKeepAlive(): void {
    this.clearKeepAlive();
    if (this.stateValue !== 'ready' || this.o.keepAliveMs <= 0 || this.running || this.queue.length) return;
    const due = this.lastActivity + this.o.keepAliveMs - this.clock.now();
    this.keepAliveTimer = this.clock.setTimeout(
      () => {
        this.keepAliveTimer = undefined;
        if (this.stateValue !== 'ready' || this.running) return;
        if (this.clock.now() - this.lastActivity < this.o.keepAliveMs) {
          this.scheduleKeepAlive();
          return;
        }
        // A failing keep-alive breaks the session itself; nobody awaits this promise.
        this.hello().catch(() => undefined);
      },
      Math.max(0, due),
    );
  }

  private clearKeepAlive(): void {
    if (this.keepAliveTimer !== undefined) this.clock.clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  private clearTimers(): void {
    this.clearKeepAlive();
    if (this.ageTimer !== undefined) this.clock.clearTimeout(this.ageTimer);
    this.ageTimer = undefined;
  }

  private finish(state: 'closed' | 'broken', reason: string, error?: Error): void {
    if (this.endReason !== undefined) return;
    this.endReason = reason;
    this.stateValue = state;
    this.clearTimers();
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    if (inFlight) {
      if (inFlight.timer !== undefined) this.clock.clearTimeout(inFlight.timer);
      inFlight.reject(inFlight.sent === '' ? new EppProtocolError(reason) : this.unknown(inFlight, reason));
    }
    for (const task of this.queue.splice(0)) {
      task.cancel(new EppSessionClosedError(`session ${this.name} ended (${reason}): command not sent`));
    }
    this.connection?.close(state === 'broken' ? error : undefined);
    if (state === 'broken') {
      this.logger.warn({ event: 'epp.session.broken', session: this.name, reason });
    } else {
      this.logger.info({ event: 'epp.session.closed', session: this.name, reason });
    }
    for (const listener of this.endListeners.splice(0)) listener(reason, error);
  }
}
