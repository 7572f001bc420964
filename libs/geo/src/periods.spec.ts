import { PERIOD_DAYS, comparedToLastWeekPercent, periodStart, weekRange } from './periods';

describe('periodStart (§17 test_stats_logic `_get_date_filter`)', () => {
  const now = new Date('2026-03-24T12:00:00Z');

  it('week = now − 7 d, month = now − 30 d, year = now − 365 d', () => {
    expect(periodStart('week', now)).toEqual(new Date('2026-03-17T12:00:00Z'));
    expect(periodStart('month', now)).toEqual(new Date('2026-02-22T12:00:00Z'));
    expect(periodStart('year', now)).toEqual(new Date('2025-03-24T12:00:00Z'));
    expect(periodStart('week', now.getTime())).toEqual(new Date('2026-03-17T12:00:00Z'));
  });

  it('all, unknown, empty → null', () => {
    expect(periodStart('all', now)).toBeNull();
    expect(periodStart('unknown_value', now)).toBeNull();
    expect(periodStart('constructor', now)).toBeNull();
    expect(periodStart(null, now)).toBeNull();
    expect(PERIOD_DAYS).toEqual({ week: 7, month: 30, year: 365 });
  });
});

describe('weekRange (§8.4 in the user zone)', () => {
  it('Monday 00:00 Seoul to the next Monday, with the week before', () => {
    const r = weekRange(new Date('2026-03-24T12:00:00Z'));
    expect(r.thisWeekStart.toISOString()).toBe('2026-03-22T15:00:00.000Z');
    expect(r.nextWeekStart.toISOString()).toBe('2026-03-29T15:00:00.000Z');
    expect(r.lastWeekStart.toISOString()).toBe('2026-03-15T15:00:00.000Z');
  });

  it('the New York week of the spring DST change (2–9 March 2026) is 167 hours, the next 168', () => {
    const h = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;
    const r = weekRange(Date.parse('2026-03-04T12:00:00Z'), 'America/New_York');
    expect(r.thisWeekStart.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(h(r.thisWeekStart, r.nextWeekStart)).toBe(167);
    const after = weekRange(Date.parse('2026-03-10T12:00:00Z'), 'America/New_York');
    expect(h(after.thisWeekStart, after.nextWeekStart)).toBe(168);
    expect(h(after.lastWeekStart, after.thisWeekStart)).toBe(167);
  });

  it('compared to last week, 1 dp, 0 when last week was empty', () => {
    expect(comparedToLastWeekPercent(12_000, 10_000)).toBe(20);
    expect(comparedToLastWeekPercent(10_000, 30_000)).toBe(-66.7);
    expect(comparedToLastWeekPercent(5000, 0)).toBe(0);
  });
});
