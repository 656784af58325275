/**
 * When a lapse takes effect: end of the paid period, the start of a given day, or now. Pure: the
 * clock is a parameter. Dates the order system sends are calendar days of the registrar, i.e. in
 * Europe/Amsterdam; a day starts at local midnight (CET/CEST), which Intl resolves without a tz library.
 */
export const LAPSE_MODES = ['end-of-period', 'date', 'now'] as const;
export type LapseMode = (typeof LAPSE_MODES)[number];

export const REGISTRAR_TIME_ZONE = 'Europe/Amsterdam';
export const DAY_MS = 86_400_000;

export interface LapseRequest {
  readonly mode: LapseMode;
  /** `YYYY-MM-DD`, only with mode `date`. */
  readonly date?: string;
}

export type LapseMomentError =
  'paid-until-unknown' | 'date-required' | 'date-not-allowed' | 'date-invalid' | 'date-in-past';

export type LapseMoment =
  | { readonly ok: true; readonly at: Date }
  | { readonly ok: false; readonly rule: LapseMomentError; readonly message: string };

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The moment `domain:delete` is due.
 * - `now`: now.
 * - `end-of-period`: the end of the paid period (the registry's expiry date); if that is already past,
 *   now. Without a known end the request is refused rather than guessed.
 * - `date`: the start of that day in Amsterdam; today counts (due now); an earlier day is refused.
 */
export function lapseMoment(req: LapseRequest, ctx: { now: Date; paidUntil: Date | null }): LapseMoment {
  const { now } = ctx;
  if (req.mode !== 'date' && req.date !== undefined) {
    return { ok: false, rule: 'date-not-allowed', message: "date is only allowed with mode 'date'" };
  }
  switch (req.mode) {
    case 'now':
      return { ok: true, at: now };
    case 'end-of-period':
      if (!ctx.paidUntil) {
        return {
          ok: false,
          rule: 'paid-until-unknown',
          message: 'the end of the paid period is not known for this domain',
        };
      }
      return { ok: true, at: later(ctx.paidUntil, now) };
    case 'date': {
      if (req.date === undefined)
        return { ok: false, rule: 'date-required', message: "mode 'date' needs a date (YYYY-MM-DD)" };
      const start = startOfDay(req.date);
      if (!start)
        return { ok: false, rule: 'date-invalid', message: 'date must be a calendar day YYYY-MM-DD' };
      if (req.date < localDate(now)) {
        return { ok: false, rule: 'date-in-past', message: 'date is before today (Europe/Amsterdam)' };
      }
      return { ok: true, at: later(start, now) };
    }
  }
}

/** The calendar day (`YYYY-MM-DD`) of an instant in the registrar's time zone. */
export function localDate(at: Date, zone = REGISTRAR_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Local midnight of a `YYYY-MM-DD` day in the registrar's time zone, or null for an impossible date. */
export function startOfDay(ymd: string, zone = REGISTRAR_TIME_ZONE): Date | null {
  const m = YMD.exec(ymd);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const guess = Date.UTC(y, mo - 1, d);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // Two passes: the offset at the guess, then at the corrected instant (they differ only across a DST change).
  const first = guess - zoneOffsetMs(new Date(guess), zone);
  return new Date(guess - zoneOffsetMs(new Date(first), zone));
}

/** How far the zone's wall clock is ahead of UTC at an instant (CET +1 h, CEST +2 h). */
export function zoneOffsetMs(at: Date, zone = REGISTRAR_TIME_ZONE): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .formatToParts(at)
    .reduce<Record<string, number>>(
      (acc, p) => (p.type === 'literal' ? acc : { ...acc, [p.type]: Number(p.value) }),
      {},
    );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

function later(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}
