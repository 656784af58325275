import type { Clock } from './clock';

/**
 * Client transaction ids: `<prefix>-<base36 time>-<counter>-<random>` (RFC 5730 §2.5: 3-64
 * characters). The counter is process-wide, so two sessions never produce the same id in the same
 * millisecond; the random part separates processes and restarts.
 */
let processCounter = 0;

const PREFIX = /^[A-Za-z0-9]{1,16}$/;

export class ClTRIDGenerator {
  constructor(
    private readonly prefix: string,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
  ) {
    if (!PREFIX.test(prefix)) throw new Error('clTRID prefix must be 1-16 letters or digits');
  }

  next(): string {
    processCounter = (processCounter + 1) % 36 ** 6;
    const time = Math.floor(this.clock.now()).toString(36);
    const random = Math.floor(this.random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0');
    return `${this.prefix}-${time}-${processCounter.toString(36)}-${random}`;
  }
}
