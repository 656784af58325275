import { LedgerCheckpointScheduler } from './ledger-checkpoint.scheduler';
import { CheckpointView, LedgerService } from './ledger.service';

function fakeLedger(): { ledger: LedgerService; calls: () => number } {
  let n = 0;
  const ledger = {
    issueCheckpoint: async (): Promise<CheckpointView> => {
      n++;
      return { treeSize: n, rootHash: '', note: '', createdAt: '', verifierKey: '' };
    },
  } as unknown as LedgerService;
  return { ledger, calls: () => n };
}

describe(LedgerCheckpointScheduler.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('issues a checkpoint at each interval and stops when the module is destroyed', async () => {
    const { ledger, calls } = fakeLedger();
    const scheduler = new LedgerCheckpointScheduler(ledger, { checkpointIntervalMs: 1000 });
    scheduler.onModuleInit();
    await jest.advanceTimersByTimeAsync(3500);
    expect(calls()).toBe(3);
    scheduler.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(5000);
    expect(calls()).toBe(3);
  });

  it('does nothing when the interval is 0', async () => {
    const { ledger, calls } = fakeLedger();
    const scheduler = new LedgerCheckpointScheduler(ledger, { checkpointIntervalMs: 0 });
    scheduler.onModuleInit();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls()).toBe(0);
    scheduler.onModuleDestroy();
  });

  it('survives a failing run and tries again at the next interval', async () => {
    let n = 0;
    const ledger = {
      issueCheckpoint: async () => {
        n++;
        if (n === 1) throw new Error('database unavailable');
        return { treeSize: 1 };
      },
    } as unknown as LedgerService;
    const scheduler = new LedgerCheckpointScheduler(ledger, { checkpointIntervalMs: 1000 });
    scheduler.onModuleInit();
    await jest.advanceTimersByTimeAsync(2100);
    expect(n).toBe(2);
    scheduler.onModuleDestroy();
  });
});
