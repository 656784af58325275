import { SessionPool } from '../pool/session-pool';
import { EppOutcomeUnknownError, EppSessionClosedError } from '../session/errors';
import { EppClient, RegistrySession } from './epp-client';

/** A session stand-in whose first command fails with the given error. */
class ScriptedSession {
  usable = true;
  commands = 0;
  constructor(
    readonly name: string,
    private readonly failure?: Error,
  ) {}
  isUsable(): boolean {
    return this.usable;
  }
  async close(): Promise<void> {
    this.usable = false;
  }
  onEnd(): void {}
  async command(build: (ctx: { clTRID: string }) => string) {
    this.commands++;
    const sent = build({ clTRID: `${this.name}-1` });
    if (this.failure) {
      this.usable = false;
      throw this.failure;
    }
    return { clTRID: `${this.name}-1`, sent, session: this.name };
  }
}

function clientWith(first: ScriptedSession) {
  const created: ScriptedSession[] = [];
  const pool = new SessionPool<RegistrySession>({
    create: async () => {
      const s = created.length === 0 ? first : new ScriptedSession(`s${created.length + 1}`);
      created.push(s);
      return s as unknown as RegistrySession;
    },
    maxSessions: 1,
  });
  return { client: new EppClient(pool), created };
}

describe(EppClient.name, () => {
  it('retries once on another session a command that was never sent', async () => {
    const { client, created } = clientWith(
      new ScriptedSession('s1', new EppSessionClosedError('connection ended')),
    );
    const result = await client.command(() => '<epp/>');
    expect(result).toMatchObject({ session: 's2' });
    expect(created.map((s) => s.commands)).toEqual([1, 1]);
  });

  it('never retries a command whose outcome is unknown', async () => {
    const { client, created } = clientWith(
      new ScriptedSession('s1', new EppOutcomeUnknownError('s1-1', 'domain:create', 'timeout', '<epp/>')),
    );
    await expect(client.command(() => '<epp/>')).rejects.toThrow(EppOutcomeUnknownError);
    expect(created).toHaveLength(1);
  });
});
