import {
  LAPSE_STATUSES,
  LapseEvent,
  lapseTransitions,
  nextLapseStatus,
  OPEN_LAPSE_STATUSES,
} from './lapse-state';

describe('lapse state machine', () => {
  it.each([
    ['scheduled', 'due', 'deleting'],
    ['scheduled', 'cancel', 'cancelled'],
    ['scheduled', 'reschedule', 'scheduled'],
    ['deleting', 'delete-accepted', 'quarantine'],
    ['deleting', 'delete-refused', 'failed'],
    ['quarantine', 'restore-accepted', 'restored'],
    ['quarantine', 'purge-confirmed', 'purged'],
    ['quarantine', 'delete-refused', 'failed'],
    ['quarantine', 'transferred-away', 'transferred-away'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(nextLapseStatus(from, event)).toBe(to);
  });

  it.each([
    ['scheduled', 'purge-confirmed'],
    ['scheduled', 'restore-accepted'],
    ['deleting', 'cancel'],
    ['quarantine', 'cancel'],
    ['quarantine', 'due'],
  ] as const)('refuses %s --%s', (from, event) => {
    expect(nextLapseStatus(from, event)).toBeNull();
  });

  it('terminal states accept no event at all', () => {
    const events: LapseEvent[] = [
      'reschedule',
      'due',
      'cancel',
      'delete-accepted',
      'delete-refused',
      'restore-accepted',
      'purge-confirmed',
      'transferred-away',
    ];
    for (const status of LAPSE_STATUSES.filter((s) => !OPEN_LAPSE_STATUSES.includes(s))) {
      for (const event of events) expect(nextLapseStatus(status, event)).toBeNull();
    }
  });

  it('every open state can reach a terminal state', () => {
    const edges = lapseTransitions();
    for (const start of OPEN_LAPSE_STATUSES) {
      const seen = new Set([start]);
      const queue = [start as string];
      while (queue.length) {
        const s = queue.shift() as string;
        for (const e of edges.filter((x) => x.from === s && !seen.has(x.to))) {
          seen.add(e.to);
          queue.push(e.to);
        }
      }
      expect([...seen].some((s) => !OPEN_LAPSE_STATUSES.includes(s))).toBe(true);
    }
  });
});
