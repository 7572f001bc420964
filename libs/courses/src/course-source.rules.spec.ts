import { judgeCreatorLine } from './course-source.rules';

/** `points` positions going north from [lng, lat], `step` metres apart. */
const north = (lng: number, lat: number, points: number, step: number) =>
  Array.from({ length: points }, (_, i) => [lng, lat + (i * step) / 111_320]);

describe('a course line is the creator’s own run', () => {
  const run = { track: north(127, 37.5, 101, 10), isFlagged: false, source: 'live' };

  it('accepts the line the run covers, with the matcher’s figures, and ranks it', () => {
    const verdict = judgeCreatorLine(north(127, 37.5, 51, 20), run);
    expect(verdict.problems).toEqual([]);
    expect(verdict.match?.isCompleted).toBe(true);
    expect(verdict.match?.routeMatchPercent).toBeGreaterThanOrEqual(80);
    expect(verdict.eligible).toBe(true);
  });

  it('refuses a 10 km line drawn 5 km away from a 1 km run', () => {
    const verdict = judgeCreatorLine(north(127.06, 37.5, 101, 100), run);
    expect(verdict.match).toBeNull();
    expect(verdict.problems[0].field).toBe('route_geometry');
  });

  it('refuses a run without a track', () => {
    const verdict = judgeCreatorLine(north(127, 37.5, 51, 20), { ...run, track: null });
    expect(verdict.problems[0].field).toBe('run_record_id');
  });

  it('a flagged run covers its line but does not rank, like anyone else’s', () => {
    const verdict = judgeCreatorLine(north(127, 37.5, 51, 20), { ...run, isFlagged: true });
    expect(verdict.problems).toEqual([]);
    expect(verdict.eligible).toBe(false);
  });
});
