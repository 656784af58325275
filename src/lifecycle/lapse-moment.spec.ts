import { lapseMoment, localDate, startOfDay } from './lapse-moment';

// A fixed clock: Wednesday 25 November 2026, 15:00 UTC (16:00 in Amsterdam, CET).
const NOW = new Date('2026-11-25T15:00:00Z');

describe('lapseMoment', () => {
  it("mode 'now' is due at the current instant", () => {
    expect(lapseMoment({ mode: 'now' }, { now: NOW, paidUntil: null })).toEqual({ ok: true, at: NOW });
  });

  it("mode 'end-of-period' is due when the paid period ends (future end date)", () => {
    const paidUntil = new Date('2027-03-01T00:00:00Z');
    expect(lapseMoment({ mode: 'end-of-period' }, { now: NOW, paidUntil })).toEqual({
      ok: true,
      at: paidUntil,
    });
  });

  it("mode 'end-of-period' whose period ended yesterday is due now, not in the past", () => {
    const paidUntil = new Date('2026-11-24T15:00:00Z');
    expect(lapseMoment({ mode: 'end-of-period' }, { now: NOW, paidUntil })).toEqual({ ok: true, at: NOW });
  });

  it("mode 'end-of-period' ending exactly now is due now (boundary instant)", () => {
    expect(lapseMoment({ mode: 'end-of-period' }, { now: NOW, paidUntil: new Date(NOW) })).toEqual({
      ok: true,
      at: NOW,
    });
  });

  it("mode 'end-of-period' without a known end is refused, not guessed", () => {
    expect(lapseMoment({ mode: 'end-of-period' }, { now: NOW, paidUntil: null })).toMatchObject({
      ok: false,
      rule: 'paid-until-unknown',
    });
  });

  it("mode 'date' tomorrow (2026-11-26) is due at Amsterdam midnight, 23:00 UTC the day before (CET)", () => {
    expect(lapseMoment({ mode: 'date', date: '2026-11-26' }, { now: NOW, paidUntil: null })).toEqual({
      ok: true,
      at: new Date('2026-11-25T23:00:00Z'),
    });
  });

  it("mode 'date' today (2026-11-25) is due now: the day already started", () => {
    expect(lapseMoment({ mode: 'date', date: '2026-11-25' }, { now: NOW, paidUntil: null })).toEqual({
      ok: true,
      at: NOW,
    });
  });

  it("mode 'date' yesterday (2026-11-24) is refused as in the past", () => {
    expect(lapseMoment({ mode: 'date', date: '2026-11-24' }, { now: NOW, paidUntil: null })).toMatchObject({
      ok: false,
      rule: 'date-in-past',
    });
  });

  it("mode 'date' judges 'today' in Amsterdam: at 23:30 UTC on 25 Nov it is already 26 Nov there", () => {
    const lateEvening = new Date('2026-11-25T23:30:00Z');
    expect(
      lapseMoment({ mode: 'date', date: '2026-11-25' }, { now: lateEvening, paidUntil: null }),
    ).toMatchObject({ ok: false, rule: 'date-in-past' });
    expect(lapseMoment({ mode: 'date', date: '2026-11-26' }, { now: lateEvening, paidUntil: null })).toEqual({
      ok: true,
      at: lateEvening,
    });
  });

  it.each([
    ['no date', { mode: 'date' as const }, 'date-required'],
    ['an impossible day 2027-02-29', { mode: 'date' as const, date: '2027-02-29' }, 'date-invalid'],
    ['a timestamp instead of a day', { mode: 'date' as const, date: '2027-01-01T00:00:00Z' }, 'date-invalid'],
    ["a date with mode 'now'", { mode: 'now' as const, date: '2027-01-01' }, 'date-not-allowed'],
  ])('refuses %s', (_name, req, rule) => {
    expect(lapseMoment(req, { now: NOW, paidUntil: null })).toMatchObject({ ok: false, rule });
  });
});

describe('startOfDay (Europe/Amsterdam)', () => {
  it('winter day 2026-12-01 starts at 23:00 UTC the day before (CET, +1)', () => {
    expect(startOfDay('2026-12-01')?.toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });
  it('summer day 2027-07-01 starts at 22:00 UTC the day before (CEST, +2)', () => {
    expect(startOfDay('2027-07-01')?.toISOString()).toBe('2027-06-30T22:00:00.000Z');
  });
  it('DST start day 2027-03-28 starts at 23:00 UTC (midnight is still CET)', () => {
    expect(startOfDay('2027-03-28')?.toISOString()).toBe('2027-03-27T23:00:00.000Z');
  });
  it('the day after DST start, 2027-03-29, starts at 22:00 UTC (CEST)', () => {
    expect(startOfDay('2027-03-29')?.toISOString()).toBe('2027-03-28T22:00:00.000Z');
  });
  it('DST end day 2027-10-31 starts at 22:00 UTC (midnight is still CEST)', () => {
    expect(startOfDay('2027-10-31')?.toISOString()).toBe('2027-10-30T22:00:00.000Z');
  });
  it('leap day 2028-02-29 exists', () => {
    expect(startOfDay('2028-02-29')?.toISOString()).toBe('2028-02-28T23:00:00.000Z');
  });
  it('localDate gives the Amsterdam calendar day', () => {
    expect(localDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
    expect(localDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
  });
});
