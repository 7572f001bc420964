import { formatDuration, OVERTAKEN_KEPT, pointsForRun, rankingOutcome } from './ranking.rules';

describe('pointsForRun', () => {
  it('gives 1 point per whole 100 m and 30 for a course run', () => {
    expect(pointsForRun({ distanceMeters: 5_049, onCourse: false })).toBe(50);
    expect(pointsForRun({ distanceMeters: 5_049, onCourse: true })).toBe(80);
    expect(pointsForRun({ distanceMeters: 99, onCourse: false })).toBe(0);
    expect(pointsForRun({ distanceMeters: 0, onCourse: true })).toBe(30);
  });
});

describe('rankingOutcome', () => {
  it('a faster run is a personal best: the old best and rank become the previous ones', () => {
    const outcome = rankingOutcome(
      { id: 'new' },
      {
        before: { runRecordId: 'old', bestDurationSeconds: 340, rank: 3 },
        after: { runRecordId: 'new', bestDurationSeconds: 290, previousRank: 3 },
        rank: 1,
        total: 3,
      },
      ['a', 'b'],
    );
    expect(outcome).toEqual({
      rank: 1,
      total_runners: 3,
      is_personal_best: true,
      previous_best_duration: 340,
      previous_rank: 3,
      rank_change: 2,
      overtaken_user_ids: ['a', 'b'],
    });
  });

  it('a slower run keeps the old best and overtakes nobody', () => {
    const outcome = rankingOutcome(
      { id: 'slow' },
      {
        before: { runRecordId: 'old', bestDurationSeconds: 340, rank: 3 },
        after: { runRecordId: 'old', bestDurationSeconds: 340, previousRank: 4 },
        rank: 3,
        total: 3,
      },
      ['a'],
    );
    expect(outcome).toMatchObject({
      rank: 3,
      is_personal_best: false,
      previous_best_duration: 340,
      previous_rank: 4,
      rank_change: 1,
      overtaken_user_ids: [],
    });
  });

  it('a first run on the board has no previous rank', () => {
    const outcome = rankingOutcome(
      { id: 'first' },
      {
        before: null,
        after: { runRecordId: 'first', bestDurationSeconds: 400, previousRank: null },
        rank: 4,
        total: 4,
      },
      [],
    );
    expect(outcome).toMatchObject({
      rank: 4,
      total_runners: 4,
      is_personal_best: true,
      previous_best_duration: null,
      previous_rank: null,
      rank_change: null,
      overtaken_user_ids: [],
    });
  });

  it('names at most OVERTAKEN_KEPT overtaken runners', () => {
    const many = Array.from({ length: OVERTAKEN_KEPT + 10 }, (_, i) => `u${i}`);
    const outcome = rankingOutcome(
      { id: 'fast' },
      {
        before: null,
        after: { runRecordId: 'fast', bestDurationSeconds: 100, previousRank: null },
        rank: 1,
        total: 61,
      },
      many,
    );
    expect(outcome.overtaken_user_ids).toEqual(many.slice(0, OVERTAKEN_KEPT));
  });
});

describe('formatDuration', () => {
  it('writes m:ss below an hour and h:mm:ss above', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3_725)).toBe('1:02:05');
  });
});
