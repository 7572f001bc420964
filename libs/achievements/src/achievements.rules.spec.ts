import {
  ACHIEVEMENT_RULES,
  type AchievementMetrics,
  countFirstPlaces,
  countPersonalRecords,
  nextAchievements,
  satisfiedCodes,
} from './achievements.rules';

const none: AchievementMetrics = {
  runs: 0,
  longestRunMeters: 0,
  personalRecords: 0,
  longestStreakDays: 0,
  coursesCompleted: 0,
  firstPlaces: 0,
  firstPlacesTakenBack: 0,
  eventsFinished: 0,
};
const at = (day: number) => new Date(Date.UTC(2025, 0, day));

describe('achievement rules', () => {
  it('keeps every code unique', () => {
    const codes = ACHIEVEMENT_RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('earns by threshold: a 10.5 km first run is a first run, a first 5 K and a first 10 K', () => {
    expect(satisfiedCodes({ ...none, runs: 1, longestRunMeters: 10_500 })).toEqual([
      'first_run',
      'first_5k',
      'first_10k',
    ]);
    expect(satisfiedCodes({ ...none, longestRunMeters: 21_097 })).not.toContain('first_half_marathon');
    expect(satisfiedCodes({ ...none, longestStreakDays: 30, coursesCompleted: 10 })).toEqual([
      'streak_7',
      'streak_30',
      'courses_10',
    ]);
  });

  it('tells the next of each kind and the progress toward it', () => {
    const next = nextAchievements(
      { ...none, runs: 1, longestRunMeters: 6000, longestStreakDays: 3 },
      new Set(['first_run', 'first_5k']),
    );
    expect(next.find((n) => n.code === 'first_10k')).toEqual(
      expect.objectContaining({ current: 6000, target: 10000 }),
    );
    expect(next.find((n) => n.code === 'streak_7')).toEqual(
      expect.objectContaining({ current: 3, target: 7 }),
    );
    expect(next.map((n) => n.code)).not.toContain('first_run');
    expect(next.filter((n) => n.code.startsWith('streak'))).toHaveLength(1);
  });

  it('counts a personal record only when an earlier best at that distance is beaten', () => {
    expect(
      countPersonalRecords([
        {
          finished_at: at(3),
          efforts: [
            { key: '1k', duration_seconds: 290 },
            { key: '5k', duration_seconds: 1600 },
          ],
        },
        { finished_at: at(1), efforts: [{ key: '1k', duration_seconds: 300 }] },
        { finished_at: at(2), efforts: [{ key: '1k', duration_seconds: 310 }] },
        { finished_at: at(4), efforts: [{ key: '5k', duration_seconds: 1590 }] },
        { finished_at: at(5), efforts: null },
      ]),
    ).toBe(2);
  });

  it('counts first places and first places taken back from new personal bests only', () => {
    const course = 'c1';
    expect(
      countFirstPlaces([
        { course_id: course, finished_at: at(1), rank: 1, previous_rank: null, is_personal_best: true },
        // someone else took first place; this slower run leaves me second
        { course_id: course, finished_at: at(2), rank: 2, previous_rank: 2, is_personal_best: false },
        { course_id: course, finished_at: at(3), rank: 1, previous_rank: 2, is_personal_best: true },
        { course_id: 'c2', finished_at: at(4), rank: 1, previous_rank: 3, is_personal_best: true },
        { course_id: 'c2', finished_at: at(5), rank: 1, previous_rank: 1, is_personal_best: false },
      ]),
    ).toEqual({ first: 3, takenBack: 1 });
  });
});
