import { isSimilarDistance, sameActivityOf } from './same-activity.rules';

const run = (id: string, distanceMeters: number, source: 'live' | 'recovered' | 'gpx_upload' | 'strava') => ({
  id,
  distanceMeters,
  source,
});

describe('same activity (Decision 8)', () => {
  it('takes distances within 10 % of the longer one, or 150 m, as the same', () => {
    expect(isSimilarDistance(10_000, 9_001)).toBe(true);
    expect(isSimilarDistance(10_000, 8_999)).toBe(false);
    expect(isSimilarDistance(1_000, 1_150)).toBe(true);
    expect(isSimilarDistance(1_000, 1_151)).toBe(false);
    expect(isSimilarDistance(500, 500)).toBe(true);
  });

  it('makes an import a duplicate of the first run of the same activity, whatever its source', () => {
    const nearby = [run('a', 3_000, 'live'), run('b', 5_000, 'strava')];
    expect(sameActivityOf({ distanceMeters: 5_100, source: 'gpx_upload' }, nearby)).toEqual({
      duplicateOf: nearby[1],
      replaces: [],
    });
    expect(sameActivityOf({ distanceMeters: 3_050, source: 'strava' }, nearby).duplicateOf).toBe(nearby[0]);
    expect(sameActivityOf({ distanceMeters: 8_000, source: 'fit_upload' as never }, nearby)).toEqual({
      duplicateOf: null,
      replaces: [],
    });
  });

  it('lets an app recording replace the imported recordings of its activity, never another app recording', () => {
    const nearby = [
      run('live', 5_000, 'live'),
      run('file', 5_050, 'gpx_upload'),
      run('strava', 4_950, 'strava'),
      run('other', 9_000, 'gpx_upload'),
    ];
    expect(sameActivityOf({ distanceMeters: 5_020, source: 'live' }, nearby)).toEqual({
      duplicateOf: null,
      replaces: [nearby[1], nearby[2]],
    });
    expect(sameActivityOf({ distanceMeters: 5_020, source: 'recovered' }, [nearby[0]])).toEqual({
      duplicateOf: null,
      replaces: [],
    });
  });
});
