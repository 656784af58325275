import { SandboxStore } from '../sandbox/store/sandbox-store';

/**
 * `npm run cli -- sandbox <subcommand>`: inspect the SIDN sandbox's state in PostgreSQL (DATABASE_URL).
 *   frames [--last N] [--registrar ID] [--session ID] [--json]   recorded EPP frames, oldest first
 *   reset                                                        empties the sandbox's objects, poll queues and frames
 */
const USAGE = 'usage: sandbox frames [--last N] [--registrar ID] [--session ID] [--json] | sandbox reset';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

export async function runSandboxCommand(
  args: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'frames' && sub !== 'reset') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('sandbox: DATABASE_URL is not set\n');
    return 2;
  }
  const store = new SandboxStore(url);
  try {
    if (sub === 'reset') {
      await store.reset({ keepRegistrars: true });
      out('sandbox reset: objects, poll queues and recorded frames removed (registrar accounts kept)\n');
      return 0;
    }
    const lastText = option(rest, '--last') ?? '20';
    const last = Number(lastText);
    if (!Number.isInteger(last) || last < 1) throw new Error('--last must be a positive whole number');
    const frames = await store.frames({
      last,
      registrar: option(rest, '--registrar'),
      sessionId: option(rest, '--session'),
    });
    if (rest.includes('--json')) {
      out(JSON.stringify(frames, null, 2) + '\n');
      return 0;
    }
    for (const f of frames) {
      out(
        `--- ${f.at.toISOString()} ${f.direction === 'in' ? '>>' : '<<'} ${f.direction} registrar=${f.registrar ?? '-'} ` +
          `session=${f.sessionId} command=${f.command ?? '-'}\n${f.xml}\n`,
      );
    }
    if (frames.length === 0) out('no frames recorded\n');
    return 0;
  } catch (e) {
    process.stderr.write(`sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}
