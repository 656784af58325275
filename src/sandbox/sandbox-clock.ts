/**
 * The sandbox's notion of "now". Real time plus an offset that tests move forward with advance(ms), so
 * redemption periods, idle timeouts and session ages can be reached without waiting.
 */
export interface SandboxClock {
  now(): Date;
  /** Moves the clock forward. On the handle's clock this also runs what became due (purges, session closes). */
  advance(ms: number): void | Promise<void>;
}

export class OffsetClock implements SandboxClock {
  private offsetMs = 0;

  constructor(private readonly base: () => number = Date.now) {}

  now(): Date {
    return new Date(this.base() + this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the sandbox clock only moves forward');
    this.offsetMs += ms;
  }
}
