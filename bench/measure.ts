import { performance } from 'node:perf_hooks';

export interface BenchResult {
  readonly name: string;
  readonly opsPerSecond: number;
  readonly iterations: number;
}

/** Runs `fn` for a warm-up, then for at least `minMs`, and reports operations per second. */
export function measure(name: string, fn: () => unknown, minMs = 1000): BenchResult {
  for (let i = 0; i < 200; i++) fn();
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn();
    iterations += 100;
    elapsed = performance.now() - start;
  }
  return { name, opsPerSecond: (iterations * 1000) / elapsed, iterations };
}
