import type { Writable } from 'node:stream';

/**
 * The logger the EPP layer writes to: one structured object per call. Injected, so the service can
 * route it to its own logger and tests can collect the lines. Every object handed to it is built
 * from summaries (command name, object id, transaction ids, result code), never from frame content:
 * a password or a contact's personal data cannot reach it.
 */
export interface EppLogger {
  info(line: Record<string, unknown>): void;
  warn(line: Record<string, unknown>): void;
  error(line: Record<string, unknown>): void;
}

export const silentLogger: EppLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Writes each line as one JSON object per line with a level and an ISO timestamp. */
export function jsonLineLogger(out: Pick<Writable, 'write'>, now: () => number = Date.now): EppLogger {
  const write = (level: string, line: Record<string, unknown>) =>
    out.write(JSON.stringify({ level, time: new Date(now()).toISOString(), ...line }) + '\n');
  return {
    info: (line) => write('info', line),
    warn: (line) => write('warn', line),
    error: (line) => write('error', line),
  };
}

/** Collects lines in memory (tests, and the CLI's `--verbose` later). */
export class MemoryLogger implements EppLogger {
  readonly lines: { level: 'info' | 'warn' | 'error'; line: Record<string, unknown> }[] = [];
  info(line: Record<string, unknown>): void {
    this.lines.push({ level: 'info', line });
  }
  warn(line: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', line });
  }
  error(line: Record<string, unknown>): void {
    this.lines.push({ level: 'error', line });
  }
  /** Every line serialised, for "this string never appears" assertions. */
  get text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

/** The one line written per command/response exchange. */
export interface EppCommandLogLine {
  readonly event: 'epp.command';
  readonly session: string;
  readonly command: string;
  readonly objectId?: string;
  readonly clTRID: string;
  readonly svTRID?: string;
  readonly resultCode?: number;
  /** `completed`: an answer arrived; `unknown`: sent, no usable answer (timeout, drop). */
  readonly outcome: 'completed' | 'unknown' | 'not-sent';
  readonly durationMs: number;
  readonly profile?: string;
  readonly reason?: string;
}

export function logCommand(logger: EppLogger, line: EppCommandLogLine): void {
  const record = { ...line } as Record<string, unknown>;
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  if (line.outcome !== 'completed') logger.error(record);
  else if (line.resultCode !== undefined && line.resultCode >= 2000) logger.warn(record);
  else logger.info(record);
}
