import { advanceCourseStreak, computeCourseStreak, dailyStreaks, previousDate } from './streaks';

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
