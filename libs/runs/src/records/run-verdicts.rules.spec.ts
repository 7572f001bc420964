import { type StoredCourseRunFacts, storedRunEligible } from './run-verdicts.rules';

describe('storedRunEligible', () => {
  const ranked: StoredCourseRunFacts = {
    courseId: 'c',
    courseCompleted: true,
    routeMatchPercent: 95,
    source: 'live',
    activityType: 'run',
    isFlagged: false,
    boardExcluded: false,
    courseVisible: true,
  };

  it('a completed, matched, unflagged run of a visible course ranks', () => {
    expect(storedRunEligible(ranked)).toBe(true);
  });

  it.each<[string, Partial<StoredCourseRunFacts>]>([
    ['no course', { courseId: null }],
    ['not completed', { courseCompleted: false }],
    ['a weak match', { routeMatchPercent: 60 }],
    ['flagged (pending or confirmed)', { isFlagged: true }],
    ['excluded by an admin', { boardExcluded: true }],
    ['a ride', { activityType: 'ride' }],
    ['imported from Strava', { source: 'strava' }],
    ['a course hidden or private to someone else', { courseVisible: false }],
  ])('%s does not rank', (_, change) => {
    expect(storedRunEligible({ ...ranked, ...change })).toBe(false);
  });
});
