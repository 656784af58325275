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
import { GatedConnection } from './gated-connection';

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
  private readonly gates = new WeakMap<Session, GatedConnection>();
  readonly pool: SessionPool<Session>;

  constructor(
    sessionOptions: Omit<SessionOptions<Greeting, EppResponse>, 'connect'> & { connect: ConnectionFactory },
    poolOptions: { maxSessions?: number; acquireTimeoutMs?: number } = {},
  ) {
    this.pool = new SessionPool<Session>({
      ...poolOptions,
      ...(sessionOptions.clock ? { clock: sessionOptions.clock } : {}),
      create: async () => {
        let gated: GatedConnection | undefined;
        const session = await EppSession.open<Greeting, EppResponse>({
          ...sessionOptions,
          connect: async () => (gated = new GatedConnection(await sessionOptions.connect())),
        });
        if (gated) this.gates.set(session, gated);
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
    return this.guard(() =>
      this.pool.run(async (session) => {
        const gated = this.gates.get(session);
        let clTRID = '';
        try {
          const exchange = await session.command((ctx) => {
            clTRID = ctx.clTRID;
            const xml = encode(ctx);
            const before = opts.beforeSend;
            if (before) {
              if (!gated) throw new Error('session without a gated connection');
              gated.arm(xml, (frame) => before(frame, ctx.clTRID));
            }
            return xml;
          });
          const error = errorFromResponse(getProfile(session.profile), exchange.response);
          if (error) throw error;
          return {
            response: exchange.response,
            sentXml: exchange.sent,
            receivedXml: exchange.received,
            clTRID,
          };
        } catch (error) {
          const gate = gated?.lastGated;
          if (opts.beforeSend && gate?.state === 'gate-failed' && gate.error) throw gate.error;
          if (opts.beforeSend && gate?.state === 'not-sent')
            throw new RegistryUnavailableError('connection lost before sending');
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
