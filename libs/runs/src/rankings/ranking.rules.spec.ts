import { formatDuration, pointsForRun, type RankRow, rankingOutcome } from './ranking.rules';

const row = (
  user_id: string,
  rank: number,
  best: number,
  run: string,
  previous_rank: number | null = null,
): RankRow => ({
  user_id,
  rank,
  best_duration_seconds: best,
  run_record_id: run,
  previous_best_duration_seconds: null,
  previous_rank,
});

describe('pointsForRun', () => {
  it('gives 1 point per whole 100 m and 30 for a course run', () => {
    expect(pointsForRun({ distanceMeters: 5_049, onCourse: false })).toBe(50);
    expect(pointsForRun({ distanceMeters: 5_049, onCourse: true })).toBe(80);
    expect(pointsForRun({ distanceMeters: 99, onCourse: false })).toBe(0);
    expect(pointsForRun({ distanceMeters: 0, onCourse: true })).toBe(30);
  });
});

describe('rankingOutcome', () => {
  const before = [row('a', 1, 300, 'ra'), row('b', 2, 320, 'rb'), row('me', 3, 340, 'old')];

  it('a faster run is a personal best that overtakes the runners it passed', () => {
    const after = [row('me', 1, 290, 'new'), row('a', 2, 300, 'ra'), row('b', 3, 320, 'rb')];
    expect(rankingOutcome({ id: 'new', user_id: 'me' }, before, after)).toEqual({
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
    const after = before.map((r) => (r.user_id === 'me' ? { ...r, previous_rank: 4 } : r));
    expect(rankingOutcome({ id: 'slow', user_id: 'me' }, before, after)).toMatchObject({
      rank: 3,
      is_personal_best: false,
      previous_best_duration: 340,
      previous_rank: 4,
      rank_change: 1,
      overtaken_user_ids: [],
    });
  });

  it('a first run on the board has no previous rank', () => {
    const after = [...before, row('new-runner', 4, 400, 'first')];
    expect(rankingOutcome({ id: 'first', user_id: 'new-runner' }, before, after)).toMatchObject({
      rank: 4,
      total_runners: 4,
      is_personal_best: true,
      previous_best_duration: null,
      previous_rank: null,
      rank_change: null,
      overtaken_user_ids: [],
    });
  });
});

describe('formatDuration', () => {
  it('writes m:ss below an hour and h:mm:ss above', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3_725)).toBe('1:02:05');
  });
});
