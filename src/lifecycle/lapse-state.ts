/**
 * The lifecycle of one lapse of one domain, as a state machine (docs/lifecycle.md has the diagram).
 * A domain can lapse more than once (lapse -> restore -> lapse again); each lapse is its own row and
 * at most one per domain is open. Pure: the services persist what `nextLapseStatus` allows.
 *
 *   scheduled --due--> deleting --delete-accepted--> quarantine --purge-confirmed--> purged
 *      |  ^                |                          |   |
 *      |  '--reschedule    '--delete-refused--> failed |   '--restore-accepted--> restored
 *      '--cancel--> cancelled                          '--delete-refused (poll)--> failed
 *   scheduled | deleting | quarantine --transferred-away--> transferred-away
 */
export const LAPSE_STATUSES = [
  'scheduled',
  'deleting',
  'quarantine',
  'restored',
  'cancelled',
  'purged',
  'transferred-away',
  'failed',
] as const;
export type LapseStatus = (typeof LAPSE_STATUSES)[number];

/** Open lapses: at most one per domain (a partial unique index enforces it). */
export const OPEN_LAPSE_STATUSES: readonly LapseStatus[] = ['scheduled', 'deleting', 'quarantine'];
/** The domain is no longer ours at the registry: its registrant data may now go (after retention). */
export const GONE_LAPSE_STATUSES: readonly LapseStatus[] = ['purged', 'transferred-away'];

export type LapseEvent =
  | 'reschedule'
  | 'due'
  | 'cancel'
  | 'delete-accepted'
  | 'delete-refused'
  | 'restore-accepted'
  | 'purge-confirmed'
  | 'transferred-away';

const TRANSITIONS: Readonly<Record<LapseStatus, Partial<Record<LapseEvent, LapseStatus>>>> = {
  scheduled: {
    reschedule: 'scheduled',
    due: 'deleting',
    cancel: 'cancelled',
    'transferred-away': 'transferred-away',
  },
  deleting: {
    'delete-accepted': 'quarantine',
    'delete-refused': 'failed',
    'transferred-away': 'transferred-away',
  },
  quarantine: {
    'restore-accepted': 'restored',
    'purge-confirmed': 'purged',
    // DRS5 could reject a delete asynchronously (poll 2018, SIDN-PROFILE.md Part 2): the domain stays.
    'delete-refused': 'failed',
    'transferred-away': 'transferred-away',
  },
  restored: {},
  cancelled: {},
  purged: {},
  'transferred-away': {},
  failed: {},
};

/** The status after `event`, or null when the event does not apply in `status` (the caller decides: conflict, or no-op). */
export function nextLapseStatus(status: LapseStatus, event: LapseEvent): LapseStatus | null {
  return TRANSITIONS[status][event] ?? null;
}

export function isOpenLapse(status: LapseStatus): boolean {
  return OPEN_LAPSE_STATUSES.includes(status);
}

export function isDomainGone(status: LapseStatus): boolean {
  return GONE_LAPSE_STATUSES.includes(status);
}

/** Every (status, event, next) the machine allows, for the docs and the exhaustive test. */
export function lapseTransitions(): { from: LapseStatus; event: LapseEvent; to: LapseStatus }[] {
  const out: { from: LapseStatus; event: LapseEvent; to: LapseStatus }[] = [];
  for (const from of LAPSE_STATUSES) {
    for (const [event, to] of Object.entries(TRANSITIONS[from]) as [LapseEvent, LapseStatus][])
      out.push({ from, event, to });
  }
  return out;
}
