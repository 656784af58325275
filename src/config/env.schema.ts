import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBase64,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/**
 * Every environment variable Handoff reads, validated at boot. A wrong value stops the start with a
 * message naming the variable; values themselves are never echoed (some are secrets).
 * The README documents each one.
 */
export class EnvSchema {
  // ---- HTTP API -------------------------------------------------------------------------------
  @IsOptional() @IsString() HOST = '127.0.0.1';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsOptional() @IsIn(['debug', 'info', 'warn', 'error']) LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' =
    'info';

  // ---- Storage --------------------------------------------------------------------------------
  /** PostgreSQL URL. Without it an embedded PostgreSQL is started with its data under DATA_DIR/pg. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsString() DATA_DIR = '.data';
  /** 32-byte master key (base64) wrapping the per-subject data keys. Dev: generated under DATA_DIR. */
  @IsOptional() @IsBase64() MASTER_KEY?: string;

  // ---- Registry (EPP) --------------------------------------------------------------------------
  /** The registry's EPP host. Unset: the built-in SIDN sandbox is started and used. */
  @IsOptional() @IsString() EPP_HOST?: string;
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) EPP_PORT = 700;
  @IsOptional() @IsString() EPP_SERVERNAME?: string;
  @IsOptional() @IsString() @MinLength(1) EPP_CLIENT_ID?: string;
  /** RFC 5730 passwords are 6-16 characters. */
  @IsOptional() @IsString() @Length(6, 16) EPP_PASSWORD?: string;
  @IsOptional() @IsString() @Length(6, 16) EPP_NEW_PASSWORD?: string;
  @IsOptional() @IsString() EPP_CA_FILE?: string;
  @IsOptional() @IsString() EPP_CERT_FILE?: string;
  @IsOptional() @IsString() EPP_KEY_FILE?: string;
  @IsOptional() @IsString() EPP_KEY_PASSPHRASE?: string;
  @IsIn(['auto', 'hello', 'drs5']) EPP_PROFILE: 'auto' | 'hello' | 'drs5' = 'auto';
  @Transform(toInt) @IsInt() @Min(1) @Max(64) EPP_POOL_SIZE = 4;
  @Transform(toInt) @IsInt() @Min(100) EPP_CONNECT_TIMEOUT_MS = 10_000;
  @Transform(toInt) @IsInt() @Min(100) EPP_COMMAND_TIMEOUT_MS = 30_000;
  @Transform(toInt) @IsInt() @Min(100) EPP_ACQUIRE_TIMEOUT_MS = 30_000;
  @Transform(toInt) @IsInt() @Min(1000) EPP_KEEPALIVE_MS = 5 * 60_000;
  @Transform(toInt) @IsInt() @Min(60_000) EPP_MAX_SESSION_AGE_MS = 23 * 3600_000;
  @Transform(toInt) @IsInt() @Min(1024) EPP_MAX_FRAME_BYTES = 4 * 1024 * 1024;
  /** The registrar's own handles used as admin and tech contact on every domain. */
  @IsOptional() @IsString() REGISTRAR_ADMIN_HANDLE?: string;
  @IsOptional() @IsString() REGISTRAR_TECH_HANDLE?: string;

  // ---- Sandbox (used when EPP_HOST is unset) ---------------------------------------------------
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) SANDBOX_PORT = 0;
  @IsString() SANDBOX_REGISTRAR_ID = 'handoff';
  /** RFC 5730 passwords are 6-16 characters. */
  @IsString() @Length(6, 16) SANDBOX_REGISTRAR_PASSWORD = 'Sandbox-Pass-1';

  // ---- Policy files ----------------------------------------------------------------------------
  @IsString() API_CLIENTS_FILE = 'config/api-clients.yaml';
  @IsString() RECIPIENTS_FILE = 'config/recipients.yaml';
  @IsString() RETENTION_FILE = 'config/retention.yaml';

  // ---- Ledger ----------------------------------------------------------------------------------
  @IsOptional() @IsString() LEDGER_SIGNING_KEY?: string;
  @IsString() LEDGER_ORIGIN = 'handoff.example/ledger';
  @Transform(toInt) @IsInt() @Min(0) LEDGER_CHECKPOINT_INTERVAL_MS = 3600_000;

  // ---- Workflow --------------------------------------------------------------------------------
  @Transform(toBool) WORKER_ENABLED = true;
  @Transform(toInt) @IsInt() @Min(10) WORKER_POLL_MS = 500;
  @IsOptional() @Matches(/^https?:\/\//, { message: 'must be an http(s) URL' }) WEBHOOK_URL?: string;
  @IsOptional() @IsString() @MinLength(16) WEBHOOK_SECRET?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates the environment; throws a ConfigError naming each bad variable and the rule it broke. */
export function loadEnv(env: NodeJS.ProcessEnv = process.env): EnvSchema {
  const known = Object.keys(new EnvSchema());
  const relevant: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value !== '') relevant[key] = value;
  const config = plainToInstance(EnvSchema, relevant, { excludeExtraneousValues: false });
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length) {
    const lines = errors.map(
      (e) =>
        `${e.property}: ${Object.values(e.constraints ?? {})
          .map((m) => (m.startsWith(e.property + ' ') ? m.slice(e.property.length + 1) : m))
          .join('; ')}`,
    );
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (config.EPP_HOST && (!config.EPP_CLIENT_ID || !config.EPP_PASSWORD)) {
    throw new ConfigError(
      'invalid configuration:\n  EPP_CLIENT_ID/EPP_PASSWORD: required when EPP_HOST is set',
    );
  }
  // Copy only the declared keys: the rest of the environment is not configuration.
  const clean = new EnvSchema();
  for (const key of known)
    (clean as unknown as Record<string, unknown>)[key] = (config as unknown as Record<string, unknown>)[key];
  return clean;
}
