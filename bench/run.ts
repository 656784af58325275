import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { BenchResult } from './measure';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` that exports `run()` and prints ops/s.
 * Figures only: throughput depends on the machine, so nothing is asserted.
 */
interface BenchModule {
  run?: () => BenchResult[] | Promise<BenchResult[]>;
}

async function main(): Promise<void> {
  const files = readdirSync(__dirname)
    .filter((f) => /\.bench\.[tj]s$/.test(f))
    .sort();
  console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as BenchModule;
    if (typeof mod.run !== 'function') {
      console.log(`\n${file}: no run() export, skipped`);
      continue;
    }
    console.log(`\n${file}`);
    for (const r of await mod.run()) {
      console.log(
        `  ${r.name.padEnd(52)} ${Math.round(r.opsPerSecond).toLocaleString('en-US').padStart(10)} ops/s`,
      );
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
