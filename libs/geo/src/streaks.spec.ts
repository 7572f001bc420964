import {
  advanceCourseStreak,
  advanceDailyStreak,
  computeCourseStreak,
  computeDailyStreak,
  dailyStreaks,
  type DailyStreakState,
  previousDate,
  RECOMPUTE_STREAK,
  reportDailyStreaks,
} from './streaks';
import { addDays } from './time-zone';

/** An instant at a Seoul wall-clock time (UTC+9). */
const kst = (date: string, time = '07:00') => Date.parse(`${date}T${time}:00+09:00`);

describe('dailyStreaks (§8.3 in the user zone)', () => {
  const now = kst('2026-03-24', '12:00');

  it('counts consecutive local days ending today', () => {
    const runs = [kst('2026-03-22'), kst('2026-03-23'), kst('2026-03-24'), kst('2026-03-24', '20:00')];
    expect(dailyStreaks(runs, now)).toEqual({ current: 3, best: 3, lastRunDate: '2026-03-24' });
  });

  it('keeps the current streak when the last run was yesterday, drops it the day after', () => {
    const runs = [kst('2026-03-22'), kst('2026-03-23')];
    expect(dailyStreaks(runs, now).current).toBe(2);
    expect(dailyStreaks(runs, kst('2026-03-25', '00:01')).current).toBe(0);
    expect(dailyStreaks(runs, kst('2026-03-25')).best).toBe(2);
  });

  it('best streak is the longest run of days anywhere', () => {
    const runs = ['03-01', '03-02', '03-03', '03-04', '03-10', '03-23', '03-24'].map((d) => kst(`2026-${d}`));
    expect(dailyStreaks(runs, now)).toEqual({ current: 2, best: 4, lastRunDate: '2026-03-24' });
  });

  it('uses the zone: 00:30 and 23:30 KST on consecutive days are one UTC day apart the other way', () => {
    // 23 March 00:30 KST = 22 March 15:30 UTC; 23 March 23:30 KST = 23 March 14:30 UTC.
    const runs = [kst('2026-03-22', '23:30'), kst('2026-03-23', '00:30')];
    expect(dailyStreaks(runs, now).best).toBe(2);
    expect(dailyStreaks(runs, now, 'UTC').best).toBe(1);
  });

  it('no runs → zeros', () => {
    expect(dailyStreaks([], now)).toEqual({ current: 0, best: 0, lastRunDate: null });
  });
});

describe('course streak (§7.1 step 5)', () => {
  it('first run → 1/1; same date → unchanged; next day → +1; a gap → back to 1, best kept', () => {
    let s = advanceCourseStreak(null, kst('2026-03-01'));
    expect(s).toEqual({ current: 1, best: 1, lastDate: '2026-03-01' });
    s = advanceCourseStreak(s, kst('2026-03-01', '21:00'));
    expect(s).toEqual({ current: 1, best: 1, lastDate: '2026-03-01' });
    s = advanceCourseStreak(s, kst('2026-03-02'));
    s = advanceCourseStreak(s, kst('2026-03-03'));
    expect(s).toEqual({ current: 3, best: 3, lastDate: '2026-03-03' });
    s = advanceCourseStreak(s, kst('2026-03-07'));
    expect(s).toEqual({ current: 1, best: 3, lastDate: '2026-03-07' });
  });

  it('an older run (late import) leaves the streak unchanged (the reference would reset it)', () => {
    const s = { current: 4, best: 6, lastDate: '2026-03-10' };
    expect(advanceCourseStreak(s, kst('2026-03-02'))).toEqual(s);
  });

  it('rebuilds from all runs, in any order (after a delete)', () => {
    const runs = ['03-07', '03-01', '03-02', '03-03', '03-02', '03-08'].map((d) => kst(`2026-${d}`));
    expect(computeCourseStreak(runs)).toEqual({ current: 2, best: 3, lastDate: '2026-03-08' });
    expect(computeCourseStreak([])).toBeNull();
    expect(previousDate('2026-03-01')).toBe('2026-02-28');
  });
});

describe('daily streak kept incrementally (users.streak_*)', () => {
  it('first run → 1/1; same date → unchanged; next day → +1; a gap → back to 1, best kept', () => {
    const step = (state: DailyStreakState | null, date: string) => {
      const next = advanceDailyStreak(state, date);
      if (next === RECOMPUTE_STREAK) throw new Error(`no increment for ${date}`);
      return next;
    };
    let s = step(null, '2026-03-01');
    expect(s).toEqual({ current: 1, best: 1, lastDate: '2026-03-01' });
    s = step(s, '2026-03-01');
    expect(s).toEqual({ current: 1, best: 1, lastDate: '2026-03-01' });
    s = step(step(s, '2026-03-02'), '2026-03-03');
    expect(s).toEqual({ current: 3, best: 3, lastDate: '2026-03-03' });
    s = step(s, '2026-03-07');
    expect(s).toEqual({ current: 1, best: 3, lastDate: '2026-03-07' });
    s = step(step(step(step(s, '2026-03-08'), '2026-03-09'), '2026-03-10'), '2026-03-11');
    expect(s).toEqual({ current: 5, best: 5, lastDate: '2026-03-11' });
  });

  it('crosses month and year ends by the calendar', () => {
    const s = { current: 2, best: 2, lastDate: '2025-12-31' };
    expect(advanceDailyStreak(s, '2026-01-01')).toEqual({ current: 3, best: 3, lastDate: '2026-01-01' });
    expect(advanceDailyStreak({ ...s, lastDate: '2024-02-28' }, '2024-02-29')).toMatchObject({ current: 3 });
    expect(advanceDailyStreak({ ...s, lastDate: '2024-02-28' }, '2024-03-01')).toMatchObject({ current: 1 });
  });

  it('a run dated before the last date cannot be applied: recompute from all runs', () => {
    const s = { current: 1, best: 1, lastDate: '2026-03-10' };
    expect(advanceDailyStreak(s, '2026-03-09')).toBe(RECOMPUTE_STREAK);
    expect(advanceDailyStreak(s, '2025-01-01')).toBe(RECOMPUTE_STREAK);
    // …which can join two streaks: 03-08 fills the hole between 03-07 and 03-09.
    expect(
      computeDailyStreak(['2026-03-06', '2026-03-07', '2026-03-09', '2026-03-10', '2026-03-08']),
    ).toEqual({
      current: 5,
      best: 5,
      lastDate: '2026-03-10',
    });
  });

  it('rebuilds from dates in any order, with repeats; nothing → null', () => {
    expect(
      computeDailyStreak([
        '2026-03-07',
        '2026-03-01',
        '2026-03-02',
        '2026-03-03',
        '2026-03-02',
        '2026-03-08',
      ]),
    ).toEqual({ current: 2, best: 3, lastDate: '2026-03-08' });
    expect(computeDailyStreak([])).toBeNull();
  });

  it('reports current only while the last date is today or yesterday in the zone', () => {
    const s = { current: 4, best: 6, lastDate: '2026-03-24' };
    expect(reportDailyStreaks(s, kst('2026-03-24', '23:59'))).toEqual({
      current: 4,
      best: 6,
      lastRunDate: '2026-03-24',
    });
    expect(reportDailyStreaks(s, kst('2026-03-25', '23:59')).current).toBe(4);
    expect(reportDailyStreaks(s, kst('2026-03-26', '00:00'))).toEqual({
      current: 0,
      best: 6,
      lastRunDate: '2026-03-24',
    });
    // 2026-03-25 15:30 UTC is still the 25th in UTC but already the 26th in Seoul.
    expect(reportDailyStreaks(s, Date.parse('2026-03-25T15:30:00Z'), 'UTC').current).toBe(4);
    expect(reportDailyStreaks(s, Date.parse('2026-03-25T15:30:00Z'), 'Asia/Seoul').current).toBe(0);
    expect(reportDailyStreaks(null, kst('2026-03-24'))).toEqual({ current: 0, best: 0, lastRunDate: null });
  });

  it('property: any arrival order, recomputing when told to, equals the rebuild and dailyStreaks', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let trial = 0; trial < 300; trial++) {
      const dates = Array.from({ length: 1 + Math.floor(random() * 25) }, () =>
        addDays('2026-02-01', Math.floor(random() * 40)),
      );
      let state: DailyStreakState | null = null;
      const seen: string[] = [];
      for (const date of dates) {
        seen.push(date);
        const next = advanceDailyStreak(state, date);
        state = next === RECOMPUTE_STREAK ? computeDailyStreak(seen) : next;
        expect(state).toEqual(computeDailyStreak(seen));
      }
      const now = kst(addDays('2026-02-01', Math.floor(random() * 45)), '12:00');
      const times = dates.map((date) => kst(date, '12:00'));
      expect(reportDailyStreaks(state, now)).toEqual(dailyStreaks(times, now));
    }
  });
});
