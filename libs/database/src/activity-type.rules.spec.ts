import {
  ACTIVITY_TYPES,
  countedActivitySql,
  countedRunSql,
  countsAsRun,
  isActivityType,
  notARunCourseReason,
  runCounts,
} from './activity-type.rules';

describe('activity type rules', () => {
  it.each([
    ['run', true],
    ['trail_run', true],
    ['treadmill', true],
    ['walk', false],
    ['hike', false],
    ['ride', false],
    ['other', false],
    ['running', false],
    [null, false],
  ])('countsAsRun(%s) is %s', (type, counted) => {
    expect(countsAsRun(type)).toBe(counted);
  });

  it('the SQL condition names exactly the running kinds', () => {
    expect(countedActivitySql('r.activity_type')).toBe(
      `r.activity_type IN ('run', 'trail_run', 'treadmill')`,
    );
    for (const type of ACTIVITY_TYPES) {
      expect(countedActivitySql().includes(`'${type}'`)).toBe(countsAsRun(type));
    }
  });

  it.each([
    [{ activityType: 'run', isFlagged: false }, true],
    [{ activityType: 'trail_run', isFlagged: false }, true],
    [{ activityType: 'run', isFlagged: true }, false],
    [{ activityType: 'ride', isFlagged: false }, false],
    [{ activityType: 'ride', isFlagged: true }, false],
  ])('runCounts(%o) is %s: flagged runs and non-running activities count nowhere', (run, counted) => {
    expect(runCounts(run)).toBe(counted);
  });

  it('the counted-run SQL is the activity condition and not flagged', () => {
    expect(countedRunSql('r')).toBe(
      `r.activity_type IN ('run', 'trail_run', 'treadmill') AND NOT r.is_flagged`,
    );
    expect(countedRunSql()).toBe(`activity_type IN ('run', 'trail_run', 'treadmill') AND NOT is_flagged`);
  });

  it('knows its vocabulary', () => {
    expect(isActivityType('ride')).toBe(true);
    expect(isActivityType('cycling')).toBe(false);
    expect(isActivityType(3)).toBe(false);
  });

  it('explains why a ride cannot become a course', () => {
    expect(notARunCourseReason('run')).toBeNull();
    expect(notARunCourseReason('ride')).toMatch(/only be created from a run.*ride/);
  });
});
