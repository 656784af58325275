/**
 * Fault injection for tests: per command type (`contact:create`, `domain:create`, `login`, `poll`,
 * `fury:info`, ... or `*`), optionally per registrar, a number of times (default: until cleared).
 */
export type FaultMode =
  'delay' | 'drop-before-apply' | 'drop-after-apply' | 'answer-2400' | 'answer-2502-close' | 'malformed';

export interface FaultSpec {
  command: string;
  mode: FaultMode;
  /** For `delay`: how long to hold the answer (real milliseconds). */
  delayMs?: number;
  /** How many matching commands it hits; default unlimited until clear(). */
  times?: number;
  /** Only commands of this registrar (default: any). */
  registrar?: string;
}

export interface FaultInjector {
  inject(spec: FaultSpec): void;
  clear(): void;
}

export class SandboxFaults implements FaultInjector {
  private faults: { spec: FaultSpec; left: number }[] = [];

  inject(spec: FaultSpec): void {
    if (spec.mode === 'delay' && (spec.delayMs === undefined || spec.delayMs < 0)) {
      throw new RangeError('a delay fault needs delayMs >= 0');
    }
    this.faults.push({ spec, left: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault to apply to this command (consuming one use), or undefined. */
  take(command: string, registrar: string | undefined): FaultSpec | undefined {
    const hit = this.faults.find(
      (f) =>
        f.left > 0 &&
        (f.spec.command === '*' || f.spec.command === command) &&
        (f.spec.registrar === undefined || f.spec.registrar === registrar),
    );
    if (!hit) return undefined;
    hit.left -= 1;
    if (hit.left <= 0) this.faults = this.faults.filter((f) => f !== hit);
    return hit.spec;
  }
}
