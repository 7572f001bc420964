import {
  checkRouteGeometry,
  MAX_ROUTE_VERTICES,
  MIN_ROUTE_METERS,
  correctionProblems,
} from './course-input.rules';

const line = (coordinates: unknown[]) => ({ type: 'LineString', coordinates });
const fields = (value: unknown) => checkRouteGeometry(value).problems.map((p) => p.field);

describe('checkRouteGeometry', () => {
  it('accepts a 2-D line and measures it on WGS84', () => {
    const { route } = checkRouteGeometry(
      line([
        [127, 37.5],
        [127, 37.51],
      ]),
    );
    expect(route?.lengthMeters).toBeCloseTo(1109.9, 0);
    expect(route?.altitudes).toBeNull();
  });

  it('keeps altitudes only when every vertex has one', () => {
    expect(
      checkRouteGeometry(
        line([
          [127, 37.5, 10],
          [127, 37.51, 12],
        ]),
      ).route?.altitudes,
    ).toEqual([10, 12]);
    expect(
      checkRouteGeometry(
        line([
          [127, 37.5, 10],
          [127, 37.51],
        ]),
      ).route?.altitudes,
    ).toBeNull();
  });

  it('names the field of each problem', () => {
    expect(fields(null)).toEqual(['route_geometry']);
    expect(fields({ type: 'Polygon', coordinates: [] })).toEqual(['route_geometry.type']);
    expect(fields(line([[127, 37.5]]))).toEqual(['route_geometry.coordinates']);
    expect(
      fields(
        line([
          [127, 37.5],
          [127, 37.5],
        ]),
      ),
    ).toEqual(['route_geometry.coordinates']);
    expect(
      fields(
        line([
          [127, 37.5],
          [127, 37.5 + MIN_ROUTE_METERS / 2 / 111_000],
        ]),
      ),
    ).toEqual(['route_geometry.coordinates']);
    expect(
      fields(
        line([
          [127, 37.5],
          [Number.NaN, 37.6],
          [127, Infinity],
          [127, 95],
          [200, 1],
          [1, 2, 3, 4],
        ]),
      ),
    ).toEqual([
      'route_geometry.coordinates[1]',
      'route_geometry.coordinates[2]',
      'route_geometry.coordinates[3]',
      'route_geometry.coordinates[4]',
      'route_geometry.coordinates[5]',
    ]);
    expect(
      fields(line(Array.from({ length: MAX_ROUTE_VERTICES + 1 }, (_, i) => [127, 37 + i * 1e-5]))),
    ).toEqual(['route_geometry.coordinates']);
  });

  it('accepts lines that cross the antimeridian', () => {
    expect(
      checkRouteGeometry(
        line([
          [179.999, -16],
          [-179.999, -16],
        ]),
      ).route?.lengthMeters,
    ).toBeGreaterThan(200);
  });
});

describe('correctionProblems (route corrections, §6.7)', () => {
  // 1 km due north from Seoul City Hall, a vertex every 100 m.
  const current: Array<[number, number]> = Array.from({ length: 11 }, (_, i) => [
    126.978,
    37.5665 + (i * 100) / 111_320,
  ]);
  const shiftedEast = (meters: number) => meters / 111_320 / Math.cos((37.57 * Math.PI) / 180);

  it('accepts a line that stays within 50 m of the current one, denser or sparser', () => {
    const nudged = current.map(
      ([lng, lat], i) => [lng + (i % 2 === 0 ? shiftedEast(30) : 0), lat] as [number, number],
    );
    expect(correctionProblems(current, nudged)).toEqual([]);
    expect(correctionProblems(current, [current[0], current[5], current[10]])).toEqual([]);
  });

  it('names each vertex that moves more than 50 m, with how far it is', () => {
    const moved = current.map(
      ([lng, lat], i) => [lng + (i === 3 ? shiftedEast(80) : 0), lat] as [number, number],
    );
    const problems = correctionProblems(current, moved);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe('route_geometry.coordinates[3]');
    expect(problems[0].messages[0]).toMatch(
      /is 80 m from the course's line; a correction may move it at most 50 m/,
    );
    const elsewhere = current.map(([lng, lat]) => [lng + 0.05, lat] as [number, number]);
    expect(correctionProblems(current, elsewhere)).toHaveLength(5);
  });
});
