import { difficultyOf, MIN_ATTEMPTS_FOR_COMPLETION_RATE } from './course-difficulty';

describe('difficultyOf', () => {
  it('uses the neutral completion term until enough people tried the course', () => {
    const base = { distanceMeters: 3000, elevationGainMeters: 50 };
    const unknown = difficultyOf(base);
    expect(difficultyOf({ ...base, completionRate: 0, attempts: 1 })).toEqual(unknown);
    expect(unknown.score).toBeCloseTo(29.56, 2);
  });

  it('makes a course nobody finishes harder and one everybody finishes easier', () => {
    const base = {
      distanceMeters: 3000,
      elevationGainMeters: 50,
      attempts: MIN_ATTEMPTS_FOR_COMPLETION_RATE,
    };
    expect(difficultyOf({ ...base, completionRate: 1 })).toEqual({ label: 'easy', score: 19.56 });
    expect(difficultyOf({ ...base, completionRate: 0 })).toEqual({ label: 'normal', score: 39.56 });
  });

  it('gives long steep courses the top labels', () => {
    expect(difficultyOf({ distanceMeters: 15_000, elevationGainMeters: 500 }).label).toBe('legend');
    expect(difficultyOf({ distanceMeters: 10_000, elevationGainMeters: 200 }).label).toBe('expert');
  });
});
