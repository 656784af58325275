import { readFileSync } from 'node:fs';
import type { EnvSchema } from '../../config/env.schema';
import { EppLogger, jsonLineLogger, silentLogger } from '../../epp/logging/epp-logger';
import { createSessionCodec } from '../../epp/session/default-codec';
import { connectTls } from '../../epp/transport/tls-connection';
import { SUPPORTED_SERVICES } from '../../registry-sidn/profiles';
import { GatedEppExecutor } from './epp-executor';

/** Where the EPP server is: EPP_HOST/EPP_PORT, or the built-in sandbox the app started. */
export interface EppTarget {
  host: string;
  port: number;
  /** PEM CA to trust (the sandbox's self-signed certificate); default EPP_CA_FILE or the system CAs. */
  caPem?: string;
  clientId: string;
  password: string;
}

/** The gated executor from the validated environment (pool size, timeouts, client certificate, profile). */
export function gatedEppExecutorFromEnv(env: EnvSchema, target: EppTarget): GatedEppExecutor {
  const read = (file?: string) => (file ? readFileSync(file) : undefined);
  const ca = target.caPem ?? read(env.EPP_CA_FILE);
  const cert = read(env.EPP_CERT_FILE);
  const key = read(env.EPP_KEY_FILE);
  return new GatedEppExecutor(
    {
      connect: () =>
        connectTls({
          host: target.host,
          port: target.port,
          ...(env.EPP_SERVERNAME ? { servername: env.EPP_SERVERNAME } : {}),
          ...(ca ? { ca } : {}),
          ...(cert ? { cert } : {}),
          ...(key ? { key } : {}),
          ...(env.EPP_KEY_PASSPHRASE ? { passphrase: env.EPP_KEY_PASSPHRASE } : {}),
          connectTimeoutMs: env.EPP_CONNECT_TIMEOUT_MS,
          maxFrameBytes: env.EPP_MAX_FRAME_BYTES,
        }),
      codec: createSessionCodec(SUPPORTED_SERVICES, env.EPP_PROFILE),
      credentials: {
        clientId: target.clientId,
        password: target.password,
        ...(env.EPP_NEW_PASSWORD ? { newPassword: env.EPP_NEW_PASSWORD } : {}),
      },
      logger: eppLogger(env.LOG_LEVEL),
      commandTimeoutMs: env.EPP_COMMAND_TIMEOUT_MS,
      keepAliveMs: env.EPP_KEEPALIVE_MS,
      maxSessionAgeMs: env.EPP_MAX_SESSION_AGE_MS,
    },
    { maxSessions: env.EPP_POOL_SIZE, acquireTimeoutMs: env.EPP_ACQUIRE_TIMEOUT_MS },
  );
}

/**
 * One structured line per EPP command (command, object id, clTRIDs, result code, duration; never a
 * password or personal data: lines are built from the codec's command summary only).
 */
export function eppLogger(level: EnvSchema['LOG_LEVEL']): EppLogger {
  const lines = jsonLineLogger(process.stdout);
  switch (level) {
    case 'debug':
    case 'info':
      return lines;
    case 'warn':
      return { info: () => undefined, warn: lines.warn, error: lines.error };
    case 'error':
      return { ...silentLogger, error: lines.error };
  }
}
