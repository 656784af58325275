/** Tunables of the registration workflow (from the environment; tests pass their own). */
export interface WorkflowOptions {
  /** Transient failures retried up to this many attempts per step, then the order stops. */
  readonly maxAttempts: number;
  /** Back-off: base * 2^(attempt-1), capped. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** How long to wait when another order of the same customer holds the registrant contact. */
  readonly contactBusyWaitMs: number;
  /** The registrar's own handles, used as admin and tech contact of every domain. */
  readonly adminHandle: string;
  readonly techHandle: string;
}

export const WORKFLOW_OPTIONS = Symbol('WORKFLOW_OPTIONS');

/** Time as the workflow sees it (injected; tests move it by hand). */
export interface WorkflowClock {
  now(): number;
}
export const WORKFLOW_CLOCK = Symbol('WORKFLOW_CLOCK');

export function backoffMs(options: WorkflowOptions, attempt: number): number {
  return Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
}
