import { courseLineOfRun, judgeCreatorLine } from './course-source.rules';

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

  it('builds the line from the track when the client sends none: simplified, and the run covers it', () => {
    // a dog-leg: 500 m north, then 500 m east, a point every 10 m
    const east = (i: number) => [
      127 + (i * 10) / (111_320 * Math.cos((37.5 * Math.PI) / 180)),
      37.5 + 500 / 111_320,
    ];
    const track = [...north(127, 37.5, 51, 10), ...Array.from({ length: 50 }, (_, i) => east(i + 1))];
    const built = courseLineOfRun(track);
    expect(built.problems).toEqual([]);
    expect(built.line?.coordinates).toEqual([track[0], track[50], track[100]]);
    const verdict = judgeCreatorLine(built.line!.coordinates, { ...run, track });
    expect(verdict.eligible).toBe(true);
  });

  it('has no line to give for a run without a track', () => {
    expect(courseLineOfRun(null).problems[0].field).toBe('run_record_id');
    expect(courseLineOfRun([[127, 37.5]]).line).toBeNull();
  });
});
