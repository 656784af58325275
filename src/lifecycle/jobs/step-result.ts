/** What a deletion step ends with (the worker persists it; see deletion-steps.repository.ts). */
export type StepResult =
  | {
      status: 'done';
      resultCode?: number;
      clTRID?: string;
      svTRID?: string;
      receiptEntryId?: string;
      reason?: string;
    }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; resultCode?: number; svTRID?: string }
  | { status: 'retry'; at: Date; reason: string };

const MINUTE = 60_000;

/** Back-off for transient failures and unknown outcomes: 1, 2, 4 ... minutes, at most 6 hours. */
export function backoff(now: Date, attempts: number): Date {
  const ms = Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), 6 * 60 * MINUTE);
  return new Date(now.getTime() + ms);
}
