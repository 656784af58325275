import { EppLogger, silentLogger } from '../logging/epp-logger';
import { Clock, systemClock, TimerHandle } from '../session/clock';

/**
 * A pool of EPP sessions: at most `maxSessions` open (SIDN DRS5 §6.2.5: 4 per registrar), handed out
 * one caller at a time in strict FIFO order, created lazily, replaced when they break, age out or the
 * server ends them, and re-created with exponential back-off plus jitter after a failed connect or
 * login. Sessions never pipeline; concurrency is the number of sessions.
 */
export interface PoolableSession {
  readonly name: string;
  isUsable(): boolean;
  close(): Promise<void>;
  onEnd(listener: (reason: string, error?: Error) => void): void;
}

export interface BackoffOptions {
  /** First delay after a failure. Default 1 s. */
  readonly initialMs?: number;
  /** Ceiling. Default 60 s. */
  readonly maxMs?: number;
  /** Growth per consecutive failure. Default 2. */
  readonly factor?: number;
  /** +/- fraction of random spread, so a fleet does not reconnect in lockstep. Default 0.2. */
  readonly jitter?: number;
}

export interface PoolOptions<S extends PoolableSession> {
  /** Opens and logs in one session (e.g. `() => EppSession.open(...)`). */
  readonly create: () => Promise<S>;
  readonly maxSessions?: number;
  /** How long `run` waits for a session before PoolTimeoutError. Default 30 s. */
  readonly acquireTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: EppLogger;
}

export interface PoolStats {
  /** Sessions logged in (idle + busy). */
  readonly open: number;
  readonly busy: number;
  readonly idle: number;
  /** Sessions being opened right now. */
  readonly connecting: number;
  /** Callers waiting for a session. */
  readonly waiting: number;
  /** Connection attempts made to replace a lost session or after a failed attempt. */
  readonly reconnects: number;
  readonly consecutiveFailures: number;
  /** Last connect/login failure or session loss: error name and message, never frame content. */
  readonly lastError: string | null;
}

export class PoolTimeoutError extends Error {
  override readonly name = 'PoolTimeoutError';
  constructor(
    readonly waitedMs: number,
    readonly stats: PoolStats,
  ) {
    super(
      `no EPP session available within ${waitedMs} ms (open ${stats.open}, busy ${stats.busy}, waiting ${stats.waiting}` +
        (stats.lastError ? `, last error: ${stats.lastError})` : ')'),
    );
  }
}

export class PoolClosedError extends Error {
  override readonly name = 'PoolClosedError';
}

interface Waiter<S> {
  readonly resolve: (session: S) => void;
  readonly reject: (error: Error) => void;
  readonly since: number;
  timer?: TimerHandle;
}

export const POOL_DEFAULTS = {
  maxSessions: 4,
  acquireTimeoutMs: 30_000,
  backoff: { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0.2 },
} as const;

export class SessionPool<S extends PoolableSession> {
  private readonly idle: S[] = [];
  private readonly busy = new Set<S>();
  private readonly waiters: Waiter<S>[] = [];
  private connecting = 0;
  private reconnects = 0;
  /** Losses and failures not yet followed by a new attempt (each attempt then counts as a reconnect). */
  private reconnectDebt = 0;
  private consecutiveFailures = 0;
  private lastError: string | null = null;
  private backoffUntil = 0;
  private backoffTimer?: TimerHandle;
  private closing = false;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: EppLogger;
  private readonly maxSessions: number;
  private readonly acquireTimeoutMs: number;
  private readonly backoff: Required<BackoffOptions>;

  constructor(private readonly options: PoolOptions<S>) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    this.maxSessions = options.maxSessions ?? POOL_DEFAULTS.maxSessions;
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? POOL_DEFAULTS.acquireTimeoutMs;
    this.backoff = { ...POOL_DEFAULTS.backoff, ...options.backoff };
    if (!Number.isInteger(this.maxSessions) || this.maxSessions < 1)
      throw new Error('maxSessions must be >= 1');
  }

  /** Runs `fn` with a session of its own; the session returns to the pool when `fn` settles. */
  async run<T>(fn: (session: S) => Promise<T>): Promise<T> {
    const session = await this.acquire();
    try {
      return await fn(session);
    } finally {
      this.release(session);
    }
  }

  stats(): PoolStats {
    return {
      open: this.idle.length + this.busy.size,
      busy: this.busy.size,
      idle: this.idle.length,
      connecting: this.connecting,
      waiting: this.waiters.length,
      reconnects: this.reconnects,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
    };
  }

  /** Stops taking new work, lets waiting and running callers finish, then logs out every session. */
  async drain(): Promise<void> {
    this.closing = true;
    while (this.waiters.length || this.busy.size || this.connecting) {
      await new Promise<void>((resolve) => this.drainListeners.push(resolve));
    }
    await this.closeAll();
  }

  /** Rejects waiting callers now, lets running ones finish, then logs out every session. */
  async close(): Promise<void> {
    this.closing = true;
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.timer !== undefined) this.clock.clearTimeout(waiter.timer);
      waiter.reject(new PoolClosedError('EPP pool is closing'));
    }
    await this.drain();
  }

  private readonly drainListeners: (() => void)[] = [];

  private notifyDrain(): void {
    for (const listener of this.drainListeners.splice(0)) listener();
  }

  private async closeAll(): Promise<void> {
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.backoffTimer = undefined;
    const sessions = this.idle.splice(0);
    await Promise.all(sessions.map((s) => s.close()));
  }

  acquire(): Promise<S> {
    if (this.closing) return Promise.reject(new PoolClosedError('EPP pool is closed'));
    return new Promise<S>((resolve, reject) => {
      const waiter: Waiter<S> = { resolve, reject, since: this.clock.now() };
      if (this.acquireTimeoutMs > 0) {
        waiter.timer = this.clock.setTimeout(() => {
          const index = this.waiters.indexOf(waiter);
          if (index < 0) return;
          this.waiters.splice(index, 1);
          reject(new PoolTimeoutError(this.clock.now() - waiter.since, this.stats()));
          this.notifyDrain();
        }, this.acquireTimeoutMs);
      }
      this.waiters.push(waiter);
      this.pump();
    });
  }

  release(session: S): void {
    if (!this.busy.delete(session)) return;
    if (session.isUsable()) this.idle.push(session);
    this.pump();
    this.notifyDrain();
  }

  private pump(): void {
    // Hand idle sessions to waiters, oldest waiter first; drop sessions that may no longer be used.
    while (this.waiters.length && this.idle.length) {
      const session = this.idle.shift()!;
      if (!session.isUsable()) continue;
      const waiter = this.waiters.shift()!;
      if (waiter.timer !== undefined) this.clock.clearTimeout(waiter.timer);
      this.busy.add(session);
      waiter.resolve(session);
    }
    for (let i = this.idle.length - 1; i >= 0; i--) if (!this.idle[i].isUsable()) this.idle.splice(i, 1);
    // Open sessions for the waiters no connecting session will serve, within the limit.
    const open = this.idle.length + this.busy.size;
    while (this.waiters.length > this.connecting && open + this.connecting < this.maxSessions) {
      const now = this.clock.now();
      if (now < this.backoffUntil) {
        this.scheduleRetry(this.backoffUntil - now);
        return;
      }
      this.openSession();
    }
  }

  private openSession(): void {
    this.connecting++;
    if (this.reconnectDebt > 0) {
      this.reconnectDebt--;
      this.reconnects++;
    }
    this.options.create().then(
      (session) => {
        this.connecting--;
        this.consecutiveFailures = 0;
        this.backoffUntil = 0;
        session.onEnd((reason, error) => this.onSessionEnd(session, reason, error));
        // While draining, a new session still serves the callers queued before the drain.
        if (session.isUsable()) this.idle.push(session);
        this.pump();
        this.notifyDrain();
      },
      (error: unknown) => {
        this.connecting--;
        this.consecutiveFailures++;
        this.reconnectDebt++;
        this.lastError = describe(error);
        const delay = this.backoffDelay(this.consecutiveFailures);
        this.backoffUntil = this.clock.now() + delay;
        this.logger.warn({
          event: 'epp.pool.connect-failed',
          error: this.lastError,
          consecutiveFailures: this.consecutiveFailures,
          retryInMs: delay,
        });
        this.pump();
        this.notifyDrain();
      },
    );
  }

  private onSessionEnd(session: S, reason: string, error?: Error): void {
    const index = this.idle.indexOf(session);
    if (index >= 0) this.idle.splice(index, 1);
    // A busy session stays in `busy` until its caller releases it.
    if (this.closing) return;
    this.reconnectDebt++;
    if (error) this.lastError = describe(error);
    this.logger.info({ event: 'epp.pool.session-ended', session: session.name, reason });
    this.pump();
  }

  /** initial * factor^(n-1), capped, spread by +/- jitter. */
  backoffDelay(failures: number): number {
    const { initialMs, maxMs, factor, jitter } = this.backoff;
    const base = Math.min(maxMs, initialMs * factor ** Math.max(0, failures - 1));
    const spread = 1 + jitter * (2 * this.random() - 1);
    return Math.max(0, Math.round(base * spread));
  }

  private scheduleRetry(ms: number): void {
    if (this.backoffTimer !== undefined) return;
    this.backoffTimer = this.clock.setTimeout(() => {
      this.backoffTimer = undefined;
      this.pump();
    }, ms);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
