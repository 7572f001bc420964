import {
  DEFAULT_TIME_ZONE,
  addDays,
  daysBetween,
  isValidTimeZone,
  isoWeekday,
  knownTimeZone,
  localDateKey,
  localMonthKey,
  startOfIsoWeek,
  startOfLocalDate,
  startOfLocalDay,
  zoneOffsetMs,
} from './time-zone';

const H = 3_600_000;

describe('time zones (Intl, no date library)', () => {
  it('defaults to Asia/Seoul (UTC+9, no DST)', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Seoul');
    expect(zoneOffsetMs(Date.UTC(2026, 0, 1))).toBe(9 * H);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 1, 12, 0, 0, 123))).toBe(9 * H);
  });

  it('a run finished at 23:30 UTC is already the next day in Seoul', () => {
    const t = Date.UTC(2026, 2, 24, 15, 30);
    expect(localDateKey(t, 'UTC')).toBe('2026-03-24');
    expect(localDateKey(t)).toBe('2026-03-25');
    expect(localDateKey(new Date(t), 'America/Los_Angeles')).toBe('2026-03-24');
    expect(localMonthKey(Date.UTC(2026, 2, 31, 16))).toBe('2026-04');
  });

  it('local midnight as an instant, including DST zones', () => {
    expect(startOfLocalDate('2026-03-25')).toBe(Date.UTC(2026, 2, 24, 15));
    expect(startOfLocalDay(Date.UTC(2026, 2, 24, 15, 30))).toBe(Date.UTC(2026, 2, 24, 15));
    // New York: EST (−5) before 8 March 2026, EDT (−4) after.
    expect(startOfLocalDate('2026-03-07', 'America/New_York')).toBe(Date.UTC(2026, 2, 7, 5));
    expect(startOfLocalDate('2026-03-09', 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 4));
    expect(startOfLocalDate('2026-03-08', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 5));
    // Santiago springs forward at midnight (no 00:00 on 6 Sept 2026): the day starts at 01:00.
    const santiago = startOfLocalDate('2026-09-06', 'America/Santiago');
    expect(localDateKey(santiago, 'America/Santiago')).toBe('2026-09-06');
    expect(localDateKey(santiago - 1, 'America/Santiago')).toBe('2026-09-05');
  });

  it('ISO week starts on Monday 00:00 in the zone', () => {
    // Tuesday 24 March 2026, 12:00 UTC → Monday 23 March 00:00 KST = 22 March 15:00 UTC.
    expect(startOfIsoWeek(Date.UTC(2026, 2, 24, 12))).toBe(Date.UTC(2026, 2, 22, 15));
    // Sunday 22:00 UTC 29 March is Monday 30 March in Seoul: a new week there, not in UTC.
    expect(startOfIsoWeek(Date.UTC(2026, 2, 29, 22))).toBe(Date.UTC(2026, 2, 29, 15));
    expect(startOfIsoWeek(Date.UTC(2026, 2, 29, 22), 'UTC')).toBe(Date.UTC(2026, 2, 23));
    expect(isoWeekday('2026-03-23')).toBe(1);
    expect(isoWeekday('2026-03-29')).toBe(7);
  });

  it('date-key arithmetic across months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2025-12-31', '2026-01-02')).toBe(2);
  });

  it('rejects unknown zones', () => {
    expect(isValidTimeZone('Asia/Seoul')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(() => localDateKey(0, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('knownTimeZone keeps a known zone and falls back to the default otherwise', () => {
    expect(knownTimeZone('America/Los_Angeles')).toBe('America/Los_Angeles');
    expect(knownTimeZone('Mars/Olympus')).toBe(DEFAULT_TIME_ZONE);
    expect(knownTimeZone(null)).toBe(DEFAULT_TIME_ZONE);
  });
});
