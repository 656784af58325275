import { backoff } from './step-result';

describe('backoff', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  it('waits one minute after the first attempt, doubling after each further one', () => {
    expect(backoff(now, 1).getTime() - now.getTime()).toBe(60_000);
    expect(backoff(now, 2).getTime() - now.getTime()).toBe(120_000);
    expect(backoff(now, 4).getTime() - now.getTime()).toBe(480_000);
  });
  it('never waits more than six hours (attempt 30)', () => {
    expect(backoff(now, 30).getTime() - now.getTime()).toBe(6 * 3_600_000);
  });
});
