import { compareRankingEntries, isLeaderboardEligible, isPersonalBest, rankEntries } from './ranking';

describe('ranking order', () => {
  it('lower duration first; ties by earlier achievedAt (Decision 3); then user id', () => {
    const entries = [
      { userId: 'c', bestDurationSeconds: 1500, achievedAt: '2026-03-02T00:00:00Z' },
      { userId: 'a', bestDurationSeconds: 1400, achievedAt: new Date('2026-03-05T00:00:00Z') },
      { userId: 'b', bestDurationSeconds: 1500, achievedAt: Date.parse('2026-03-01T00:00:00Z') },
      { userId: 'e', bestDurationSeconds: 1600, achievedAt: '2026-03-01T00:00:00Z' },
      { userId: 'd', bestDurationSeconds: 1600, achievedAt: '2026-03-01T00:00:00Z' },
    ];
    expect(rankEntries(entries).map((e) => [e.userId, e.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 5],
    ]);
    expect(compareRankingEntries(entries[0], entries[0])).toBe(0);
  });

  it('personal best means a strictly lower duration', () => {
    expect(isPersonalBest(null, 1500)).toBe(true);
    expect(isPersonalBest(1500, 1499)).toBe(true);
    expect(isPersonalBest(1500, 1500)).toBe(false);
  });
});

describe('isLeaderboardEligible (Decision 3)', () => {
  const ok = {
    courseCompleted: true,
    isFlagged: false,
    routeMatchPercent: 92.5,
    source: 'live',
    visible: true,
  };

  it('completed, not flagged, match ≥ 80 %, not Strava, visible', () => {
    expect(isLeaderboardEligible(ok)).toBe(true);
    expect(isLeaderboardEligible({ ...ok, routeMatchPercent: 80 })).toBe(true);
    expect(isLeaderboardEligible({ ...ok, source: undefined, visible: undefined })).toBe(true);
  });

  it.each([
    ['not completed', { courseCompleted: false }],
    ['completion unknown', { courseCompleted: null }],
    ['flagged', { isFlagged: true }],
    ['match 79.9 %', { routeMatchPercent: 79.9 }],
    ['match unknown (the reference read a missing/0 value as 100 %)', { routeMatchPercent: null }],
    ['from Strava', { source: 'strava' }],
    ['hidden', { visible: false }],
    ['not a run (a ride or walk)', { runningActivity: false }],
    ['excluded from the board by an admin', { boardExcluded: true }],
  ])('%s → not eligible', (_, change) => {
    expect(isLeaderboardEligible({ ...ok, ...change })).toBe(false);
  });
});
