import { boardPeriod, periodsOf } from './board-period.rules';

describe('boardPeriod', () => {
  it('starts the week on Monday 00:00 in Seoul, not in UTC', () => {
    // Sunday 2025-12-07 23:30 UTC is Monday 08:30 in Seoul: already the next week there.
    const week = boardPeriod('week', Date.parse('2025-12-07T23:30:00Z'), 'Asia/Seoul');
    expect(week.key).toBe('w2025-12-08');
    expect(week.start.toISOString()).toBe('2025-12-07T15:00:00.000Z');
    expect(week.end.toISOString()).toBe('2025-12-14T15:00:00.000Z');
  });

  it('keeps Sunday evening in the week that started on Monday', () => {
    const week = boardPeriod('week', Date.parse('2025-12-07T14:59:59Z'), 'Asia/Seoul');
    expect(week.key).toBe('w2025-12-01');
  });

  it('follows the configured zone', () => {
    const week = boardPeriod('week', Date.parse('2025-12-07T23:30:00Z'), 'UTC');
    expect(week.key).toBe('w2025-12-01');
    expect(week.start.toISOString()).toBe('2025-12-01T00:00:00.000Z');
  });

  it('spans a calendar month, across the year end', () => {
    const month = boardPeriod('month', Date.parse('2025-12-31T16:00:00Z'), 'Asia/Seoul');
    expect(month.key).toBe('m2026-01');
    expect(month.start.toISOString()).toBe('2025-12-31T15:00:00.000Z');
    expect(month.end.toISOString()).toBe('2026-01-31T15:00:00.000Z');
    const december = boardPeriod('month', Date.parse('2025-12-15T00:00:00Z'), 'Asia/Seoul');
    expect(december.end.toISOString()).toBe('2025-12-31T15:00:00.000Z');
  });

  it('gives a 167-hour week across a DST change', () => {
    const week = boardPeriod('week', Date.parse('2025-03-12T12:00:00Z'), 'America/New_York');
    expect(week.key).toBe('w2025-03-10');
    const before = boardPeriod('week', Date.parse('2025-03-05T12:00:00Z'), 'America/New_York');
    expect((before.end.getTime() - before.start.getTime()) / 3_600_000).toBe(167);
  });

  it('lists the week then the month of a run', () => {
    expect(periodsOf(Date.parse('2025-12-10T00:00:00Z'), 'Asia/Seoul').map((p) => p.key)).toEqual([
      'w2025-12-08',
      'm2025-12',
    ]);
  });
});
