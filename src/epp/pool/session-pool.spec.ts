import { ManualClock } from '../session/clock';
import { PoolClosedError, PoolTimeoutError, SessionPool } from './session-pool';

class FakeSession {
  usable = true;
  closed = false;
  private listeners: ((reason: string, error?: Error) => void)[] = [];
  constructor(readonly name: string) {}
  isUsable(): boolean {
    return this.usable && !this.closed;
  }
  async close(): Promise<void> {
    this.closed = true;
    this.end('logged out');
  }
  onEnd(listener: (reason: string, error?: Error) => void): void {
    this.listeners.push(listener);
  }
  end(reason: string, error?: Error): void {
    this.usable = false;
    for (const l of this.listeners.splice(0)) l(reason, error);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(opts: { maxSessions?: number; acquireTimeoutMs?: number; failFirst?: number } = {}) {
  const clock = new ManualClock();
  const created: FakeSession[] = [];
  let failures = opts.failFirst ?? 0;
  const attempts: number[] = [];
  const pool = new SessionPool<FakeSession>({
    create: async () => {
      attempts.push(clock.now());
      if (failures > 0) {
        failures--;
        throw new Error('ECONNREFUSED 127.0.0.1:700');
      }
      const s = new FakeSession(`s${created.length + 1}`);
      created.push(s);
      return s;
    },
    maxSessions: opts.maxSessions ?? 2,
    acquireTimeoutMs: opts.acquireTimeoutMs ?? 30_000,
    clock,
    random: () => 0.5, // no jitter spread: exact delays
    backoff: { initialMs: 1_000, maxMs: 8_000 },
  });
  return { pool, clock, created, attempts };
}

/** A job that holds its session until released. */
function hold(pool: SessionPool<FakeSession>, log: string[], label: string) {
  let release!: () => void;
  const done = pool.run(async (s) => {
    log.push(`${label}:${s.name}`);
    await new Promise<void>((r) => (release = r));
  });
  return { done, release: () => release() };
}

describe(SessionPool.name, () => {
  it('opens sessions lazily', async () => {
    const { pool, created } = setup();
    expect(pool.stats()).toMatchObject({ open: 0, busy: 0, idle: 0, waiting: 0 });
    await pool.run(async () => undefined);
    expect(created).toHaveLength(1);
    expect(pool.stats()).toMatchObject({ open: 1, busy: 0, idle: 1 });
  });

  it('never opens more than maxSessions and serves waiting callers first in, first out', async () => {
    const { pool, created } = setup({ maxSessions: 2 });
    const log: string[] = [];
    const a = hold(pool, log, 'a');
    const b = hold(pool, log, 'b');
    await flush();
    const c = hold(pool, log, 'c');
    const d = hold(pool, log, 'd');
    await flush();
    expect(created).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ open: 2, busy: 2, waiting: 2 });
    b.release();
    await b.done;
    await flush();
    a.release();
    await a.done;
    await flush();
    expect(log).toEqual(['a:s1', 'b:s2', 'c:s2', 'd:s1']);
    c.release();
    d.release();
    await Promise.all([c.done, d.done]);
    expect(created).toHaveLength(2);
  });

  it('rejects with PoolTimeoutError after the acquire timeout', async () => {
    const { pool, clock } = setup({ maxSessions: 1, acquireTimeoutMs: 5_000 });
    const log: string[] = [];
    const a = hold(pool, log, 'a');
    await flush();
    const waiting = pool.run(async () => 'never');
    await flush();
    clock.advance(5_000);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PoolTimeoutError);
    expect(error).toMatchObject({ waitedMs: 5_000, stats: { open: 1, busy: 1 } });
    a.release();
    await a.done;
  });

  it('replaces a session that ended and counts the reconnect', async () => {
    const { pool, created } = setup({ maxSessions: 1 });
    await pool.run(async () => undefined);
    created[0].end('connection lost', new Error('ECONNRESET'));
    const name = await pool.run(async (s) => s.name);
    expect(name).toBe('s2');
    expect(pool.stats()).toMatchObject({ open: 1, reconnects: 1, lastError: 'Error: ECONNRESET' });
  });

  it('does not hand out a session that became unusable while idle (age, 25xx)', async () => {
    const { pool, created } = setup({ maxSessions: 1 });
    await pool.run(async () => undefined);
    created[0].usable = false;
    expect(await pool.run(async (s) => s.name)).toBe('s2');
  });

  it('retries a failed connect with exponential back-off', async () => {
    const { pool, clock, attempts } = setup({ maxSessions: 1, failFirst: 3, acquireTimeoutMs: 60_000 });
    const start = clock.now();
    const result = pool.run(async (s) => s.name);
    for (let i = 0; i < 10; i++) {
      await flush();
      clock.advance(500);
    }
    await flush();
    clock.advance(10_000);
    await flush();
    await expect(result).resolves.toBe('s1');
    expect(attempts.map((t) => t - start)).toEqual([0, 1_000, 3_000, 7_000]);
    expect(pool.stats()).toMatchObject({
      reconnects: 3,
      consecutiveFailures: 0,
      lastError: 'Error: ECONNREFUSED 127.0.0.1:700',
    });
  });

  it('spreads the back-off by the jitter and caps it', () => {
    const low = new SessionPool({
      create: async () => new FakeSession('x'),
      random: () => 0,
      backoff: { initialMs: 1000, maxMs: 4000, jitter: 0.2 },
    });
    const high = new SessionPool({
      create: async () => new FakeSession('x'),
      random: () => 0.999999,
      backoff: { initialMs: 1000, maxMs: 4000, jitter: 0.2 },
    });
    expect(low.backoffDelay(1)).toBe(800);
    expect(high.backoffDelay(1)).toBe(1200);
    expect(low.backoffDelay(10)).toBe(3200);
    expect(high.backoffDelay(10)).toBe(4800);
  });

  it('drain lets running work finish, logs out every session and refuses new work', async () => {
    const { pool, created } = setup({ maxSessions: 2 });
    const log: string[] = [];
    const a = hold(pool, log, 'a');
    await pool.run(async () => undefined);
    await flush();
    const drained = pool.drain();
    await expect(pool.run(async () => undefined)).rejects.toThrow(PoolClosedError);
    expect(created.every((s) => s.closed)).toBe(false);
    a.release();
    await a.done;
    await drained;
    expect(created).toHaveLength(2);
    expect(created.every((s) => s.closed)).toBe(true);
  });

  it('close rejects callers still waiting', async () => {
    const { pool } = setup({ maxSessions: 1 });
    const log: string[] = [];
    const a = hold(pool, log, 'a');
    await flush();
    const waiting = pool.run(async () => undefined);
    await flush();
    const closed = pool.close();
    await expect(waiting).rejects.toThrow(PoolClosedError);
    a.release();
    await closed;
  });
});
