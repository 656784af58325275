/** The ledger's configuration, filled from the validated environment by the app (or by tests). */
export interface LedgerConfig {
  /** Checkpoint origin line and signing key name (C2SP tlog-checkpoint), e.g. 'handoff.example/ledger'. */
  origin: string;
  /** Ed25519 private key: PKCS#8 PEM, base64 32-byte seed, or a Go note key 'PRIVATE+KEY+...'. */
  signingKey?: string;
  /** Interval of scheduled checkpoints in ms; 0 disables the schedule. */
  checkpointIntervalMs: number;
  /** Where a development signing key is generated and kept when none is configured. */
  dataDir: string;
  /** In production a missing signing key is an error, not a generated key. */
  production: boolean;
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

export function ledgerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const interval = Number(env.LEDGER_CHECKPOINT_INTERVAL_MS ?? 3_600_000);
  return {
    origin: env.LEDGER_ORIGIN || 'handoff.example/ledger',
    signingKey: env.LEDGER_SIGNING_KEY || undefined,
    checkpointIntervalMs: Number.isFinite(interval) && interval >= 0 ? interval : 3_600_000,
    dataDir: env.DATA_DIR || '.data',
    production: env.NODE_ENV === 'production',
  };
}

/** The time source of the ledger (entry times, checkpoint times); tests inject a fixed clock. */
export interface Clock {
  now(): Date;
}

export const LEDGER_CLOCK = Symbol('LEDGER_CLOCK');

export const systemClock: Clock = { now: () => new Date() };
