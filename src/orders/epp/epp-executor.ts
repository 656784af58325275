import type { EncodeContext, RegistryProfileName } from '../../epp/codec/context';
import { EppError, errorFromResponse } from '../../epp/codec/errors';
import type { Greeting } from '../../epp/codec/greeting';
import type { EppResponse } from '../../epp/codec/responses/types';
import { PoolClosedError, PoolTimeoutError, SessionPool } from '../../epp/pool/session-pool';
import type { ConnectionFactory } from '../../epp/session/connection';
import { EppLoginError, EppOutcomeUnknownError, EppSessionClosedError } from '../../epp/session/errors';
import { EppSession, SessionOptions } from '../../epp/session/epp-session';
import { getProfile } from '../../registry-sidn/profiles';
import { RegistryOutcomeUnknownError, RegistryUnavailableError } from '../registry.port';

type Session = EppSession<Greeting, EppResponse>;

export interface ExecuteResult {
  response: EppResponse;
  sentXml: string;
  receivedXml: string;
  clTRID: string;
}

/**
 * Runs one EPP command on a pooled session: encodes it with that session's context (clTRID,
 * negotiated extensions, profile), lets `beforeSend` see the exact frame before it leaves (the
 * ledger intent), and maps every way it can end onto what callers decide on:
 * - an answer >= 2000 -> `EppError` (typed by the registry profile: ciraCode / SIDN message code);
 * - sent, no answer -> `RegistryOutcomeUnknownError`;
 * - not sent (no session, pool timeout, login refused, beforeSend refused) -> `RegistryUnavailableError`
 *   (or beforeSend's own error).
 * Shape-compatible with the lifecycle's `EppExecutor` (src/lifecycle/lifecycle-registry.port.ts).
 */
export class GatedEppExecutor {
  readonly pool: SessionPool<Session>;

  constructor(
    sessionOptions: Omit<SessionOptions<Greeting, EppResponse>, 'connect'> & { connect: ConnectionFactory },
    poolOptions: { maxSessions?: number; acquireTimeoutMs?: number } = {},
  ) {
    let credentials = sessionOptions.credentials;
    this.pool = new SessionPool<Session>({
      ...poolOptions,
      ...(sessionOptions.clock ? { clock: sessionOptions.clock } : {}),
      create: async () => {
        const used = credentials;
        const session = await EppSession.open<Greeting, EppResponse>({
          ...sessionOptions,
          credentials: used,
        });
        // RFC 5730 §2.9.1.1: once a login with newPW succeeded, the new password is the password;
        // later sessions (pool growth, reconnects, age limit) log in with it and change nothing.
        if (used.newPassword !== undefined && credentials === used) {
          credentials = { clientId: used.clientId, password: used.newPassword, lang: used.lang };
        }
        return session;
      },
    });
  }

  async profile(): Promise<RegistryProfileName> {
    return this.guard(() => this.pool.run(async (s) => s.profile));
  }

  execute(
    encode: (ctx: EncodeContext) => string,
    opts: { beforeSend?: (xml: string, clTRID: string) => Promise<void> } = {},
  ): Promise<ExecuteResult> {
    const { beforeSend } = opts;
    return this.guard(() =>
      this.pool.run(async (session) => {
        try {
          // The session awaits beforeSend with the exact frame before writing it; its command
          // timeout starts only once the frame is on the wire.
          const exchange = await session.command(
            encode,
            beforeSend ? { beforeSend: (frame) => beforeSend(frame.xml, frame.clTRID) } : {},
          );
          const error = errorFromResponse(getProfile(session.profile), exchange.response);
          if (error) throw error;
          return {
            response: exchange.response,
            sentXml: exchange.sent,
            receivedXml: exchange.received,
            clTRID: exchange.clTRID,
          };
        } catch (error) {
          if (error instanceof EppOutcomeUnknownError)
            throw new RegistryOutcomeUnknownError(error.clTRID, error.reason);
          throw error;
        }
      }),
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (
        error instanceof PoolTimeoutError ||
        error instanceof PoolClosedError ||
        error instanceof EppSessionClosedError ||
        error instanceof EppLoginError
      ) {
        throw new RegistryUnavailableError(`${error.name}: ${error.message}`);
      }
      if (
        error instanceof EppError ||
        error instanceof RegistryOutcomeUnknownError ||
        error instanceof RegistryUnavailableError
      ) {
        throw error;
      }
      // Connect failures (TLS, refused, timeouts while opening) mean nothing was sent.
      if (
        error instanceof Error &&
        /Connect|ECONNREFUSED|ECONNRESET|socket|TLS/i.test(`${error.name} ${error.message}`)
      ) {
        throw new RegistryUnavailableError(`${error.name}: ${error.message}`);
      }
      throw error;
    }
  }
}
