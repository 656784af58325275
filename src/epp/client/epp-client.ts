import type { RegistryProfileName } from '../codec/context';
import type { Greeting, ProfileOverride, ServiceSet } from '../codec/greeting';
import type { EppResponse } from '../codec/responses/types';
import { EppLogger, silentLogger } from '../logging/epp-logger';
import { BackoffOptions, PoolStats, SessionPool } from '../pool/session-pool';
import { Clock, systemClock } from '../session/clock';
import type { ConnectionFactory } from '../session/connection';
import { createSessionCodec } from '../session/default-codec';
import { EppSessionClosedError } from '../session/errors';
import {
  CommandBuilder,
  CommandExchange,
  CommandOptions,
  EppSession,
  SessionCredentials,
  SessionOptions,
} from '../session/epp-session';
import { connectTls, TlsConnectionOptions } from '../transport/tls-connection';

export type RegistrySession = EppSession<Greeting, EppResponse>;

export interface EppClientOptions {
  readonly tls: TlsConnectionOptions;
  readonly credentials: SessionCredentials;
  /** What we speak per registry profile (`SUPPORTED_SERVICES` from `registry-sidn/profiles`). */
  readonly supported: Readonly<Record<RegistryProfileName, Readonly<ServiceSet>>>;
  /** `auto` (default): choose from the greeting. */
  readonly profile?: ProfileOverride;
  readonly session?: Pick<
    SessionOptions<Greeting, EppResponse>,
    | 'commandTimeoutMs'
    | 'greetingTimeoutMs'
    | 'keepAliveMs'
    | 'maxSessionAgeMs'
    | 'logoutTimeoutMs'
    | 'clTRIDPrefix'
  >;
  readonly pool?: {
    readonly maxSessions?: number;
    readonly acquireTimeoutMs?: number;
    readonly backoff?: BackoffOptions;
  };
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly logger?: EppLogger;
  /** Replaces the TLS transport (tests). */
  readonly connect?: ConnectionFactory;
}

/**
 * The high-level EPP client the service uses: a pool of logged-in TLS sessions to one registry.
 * `command` runs one command on a free session and returns the decoded answer with the frames as
 * sent and received. Registry error answers (>= 2000) resolve; transport trouble rejects with
 * EppOutcomeUnknownError (sent, outcome unknown: reconcile), EppSessionClosedError (not sent) or
 * PoolTimeoutError (no session in time).
 */
export class EppClient {
  constructor(readonly pool: SessionPool<RegistrySession>) {}

  static create(options: EppClientOptions): EppClient {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    const codec = createSessionCodec(options.supported, options.profile);
    const connect = options.connect ?? (() => connectTls(options.tls));
    let counter = 0;
    const profileOverride = options.profile === 'auto' ? undefined : options.profile;
    let credentials = options.credentials;
    const pool = new SessionPool<RegistrySession>({
      create: async () => {
        const used = credentials;
        const session = await EppSession.open({
          ...options.session,
          connect,
          codec,
          credentials: used,
          clock,
          logger,
          random: options.random,
          profileOverride,
          name: `epp-${options.tls.host}-${++counter}`,
        });
        // RFC 5730 §2.9.1.1: after a login with newPW the new password is the password; later
        // sessions log in with it (and do not try to change it again).
        if (used.newPassword !== undefined && credentials === used) {
          credentials = { clientId: used.clientId, password: used.newPassword, lang: used.lang };
          logger.info({ event: 'epp.client.password-changed', clientId: used.clientId });
        }
        return session;
      },
      maxSessions: options.pool?.maxSessions,
      acquireTimeoutMs: options.pool?.acquireTimeoutMs,
      backoff: options.pool?.backoff,
      clock,
      random: options.random,
      logger,
    });
    return new EppClient(pool);
  }

  /**
   * Runs one command on a free session. A command the session could not send (its connection ended
   * first: `EppSessionClosedError`) is retried once on another session; that is safe because nothing
   * reached the registry. A command that was sent is never retried here.
   */
  async command(build: CommandBuilder, options?: CommandOptions): Promise<CommandExchange<EppResponse>> {
    try {
      return await this.pool.run((session) => session.command(build, options));
    } catch (error) {
      if (!(error instanceof EppSessionClosedError)) throw error;
      return this.pool.run((session) => session.command(build, options));
    }
  }

  /** Runs several commands on one session (e.g. a check followed by a create). */
  withSession<T>(fn: (session: RegistrySession) => Promise<T>): Promise<T> {
    return this.pool.run(fn);
  }

  /** A fresh greeting from the server (`<hello/>`). */
  hello(): Promise<Greeting> {
    return this.pool.run((session) => session.hello());
  }

  stats(): PoolStats {
    return this.pool.stats();
  }

  drain(): Promise<void> {
    return this.pool.drain();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
