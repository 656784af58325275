import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';

/** /work/shared/epp-reference, resolved from the repository root. */
export const EPP_REFERENCE = resolve(__dirname, '..', '..', '..', 'shared', 'epp-reference');

/** Every XML frame under the three example folders (schemas excluded), as paths relative to EPP_REFERENCE. */
export function allFixtureFrames(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'xsd') walk(full);
      } else if (name.endsWith('.xml')) out.push(relative(EPP_REFERENCE, full));
    }
  };
  for (const dir of ['examples', 'hello-registry/examples', 'sidn-fixtures']) walk(join(EPP_REFERENCE, dir));
  return out;
}

export function fixture(rel: string): Buffer {
  return readFileSync(join(EPP_REFERENCE, rel));
}
