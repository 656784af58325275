/**
 * The lifecycle's time source. Every decision (is the lapse due, has quarantine ended, has retention
 * run out) takes `now` from here, so tests move time with the sandbox clock instead of waiting.
 */
export interface LifecycleClock {
  now(): Date;
}

export const LIFECYCLE_CLOCK = Symbol('LIFECYCLE_CLOCK');

export const systemLifecycleClock: LifecycleClock = { now: () => new Date() };
