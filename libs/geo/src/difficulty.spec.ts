import {
  DIFFICULTY_BANDS,
  courseDifficulty,
  difficultyLabelForScore,
  difficultyScore,
  referenceDifficultyLabel,
  type DifficultyLabel,
} from './difficulty';

const LEVEL: Record<DifficultyLabel, number> = { easy: 0, normal: 1, hard: 2, expert: 3, legend: 4 };
const d = (distanceMeters: number, elevationGainMeters: number, completionRate?: number | null) =>
  courseDifficulty({ distanceMeters, elevationGainMeters, completionRate });

describe('difficultyScore (§6.2 worked scores)', () => {
  it.each([
    [1000, 0, undefined, 13.0],
    [5000, 100, undefined, 41.67],
    [15000, 500, undefined, 81.11],
    [0, 0, undefined, 10.0],
    [3000, 50, 1.0, 19.56],
    [3000, 50, 0.0, 39.56],
    [10000, 0, undefined, 40.0],
    [20000, 0, undefined, 40.0],
    [3000, 300, undefined, 69.0],
    [3000, 600, undefined, 69.0],
    [500, 0, undefined, 11.5],
    [2000, 10, undefined, 18.67],
    [10000, 200, undefined, 66.67],
  ])('(%d m, %d m, cr %s) → %d', (dist, gain, cr, score) => {
    expect(
      difficultyScore({ distanceMeters: dist, elevationGainMeters: gain, completionRate: cr }),
    ).toBeCloseTo(score, 2);
  });
});

describe('reference labels (§17 test_course_logic, exact)', () => {
  it.each([
    [1000, 0, 'easy'],
    [5000, 100, 'medium'],
    [15000, 500, 'hard'],
    [0, 0, 'easy'],
    [500, 0, 'easy'],
    [2000, 10, 'easy'],
    [10000, 200, 'hard'],
  ])('(%d m, %d m) → %s', (dist, gain, label) => {
    expect(referenceDifficultyLabel({ distanceMeters: dist, elevationGainMeters: gain })).toBe(label);
  });
});

describe('client labels easy|normal|hard|expert|legend (§17 test_course_logic adjusted to 20-point bands)', () => {
  it('bands are 20 points wide and monotone', () => {
    expect(DIFFICULTY_BANDS.map((b) => b.below)).toEqual([20, 40, 60, 80, Infinity]);
    let prev = 0;
    for (let s = 0; s <= 100; s += 0.5) {
      const level = LEVEL[difficultyLabelForScore(s)];
      expect(level).toBeGreaterThanOrEqual(prev);
      prev = level;
    }
    expect(difficultyLabelForScore(19.99)).toBe('easy');
    expect(difficultyLabelForScore(20)).toBe('normal');
    expect(difficultyLabelForScore(80)).toBe('legend');
  });

  it('1000 m flat → easy (reference: easy)', () => expect(d(1000, 0)).toBe('easy'));
  it('5000 m / 100 m → hard (reference: medium; 41.67 is in our third band)', () =>
    expect(d(5000, 100)).toBe('hard'));
  it('15000 m / 500 m → legend (reference: hard, its top label; 81.11 is in our top band)', () =>
    expect(d(15000, 500)).toBe('legend'));
  it('0 m → easy (reference: easy)', () => expect(d(0, 0)).toBe('easy'));

  it('a low completion rate is never easier than a high one (3000 m / 50 m: easy vs normal; reference: easy vs medium)', () => {
    expect(d(3000, 50, 1.0)).toBe('easy');
    expect(d(3000, 50, 0.0)).toBe('normal');
    expect(LEVEL[d(3000, 50, 0.0)]).toBeGreaterThanOrEqual(LEVEL[d(3000, 50, 1.0)]);
  });

  it('distance is capped at 10 km: 10 km and 20 km flat get the same label (hard; reference: medium)', () => {
    expect(d(10000, 0)).toBe(d(20000, 0));
    expect(d(10000, 0)).toBe('hard');
  });

  it('elevation is capped at 300 m: 3000 m with 300 m or 600 m get the same label (expert; reference: hard)', () => {
    expect(d(3000, 300)).toBe(d(3000, 600));
    expect(d(3000, 300)).toBe('expert');
  });

  it('500 m / 2000 m+10 m / 10000 m+200 m → easy / easy / expert (reference: easy / easy / hard)', () => {
    expect([d(500, 0), d(2000, 10), d(10000, 200)]).toEqual(['easy', 'easy', 'expert']);
  });

  it('clamps out-of-range inputs', () => {
    expect(difficultyScore({ distanceMeters: -5, elevationGainMeters: -5 })).toBe(10);
    expect(difficultyScore({ distanceMeters: 1000, elevationGainMeters: 0, completionRate: 2 })).toBeCloseTo(
      3,
      6,
    );
    expect(
      difficultyScore({ distanceMeters: 1000, elevationGainMeters: 0, completionRate: NaN }),
    ).toBeCloseTo(13, 6);
  });
});
