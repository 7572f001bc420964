import { checkRouteGeometry, MAX_ROUTE_VERTICES, MIN_ROUTE_METERS } from './course-input.rules';

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
