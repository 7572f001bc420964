import {
  cellRange,
  FINEST_CELL_DEGREES,
  gridLevelFor,
  quantizeViewport,
  regionsCovering,
  splitAtAntimeridian,
  unionBox,
} from './heatmap-grid';

describe('heatmap grid', () => {
  const street = { swLat: 37.565, swLng: 126.975, neLat: 37.568, neLng: 126.98 };
  const city = { swLat: 37.42, swLng: 126.76, neLat: 37.7, neLng: 127.18 };
  const country = { swLat: 33, swLng: 124.5, neLat: 38.7, neLng: 131 };

  it('uses the finest ~50 m cell for a street and coarser levels for wider viewports', () => {
    expect(gridLevelFor(street)).toEqual({ level: 0, cell: FINEST_CELL_DEGREES });
    const cityLevel = gridLevelFor(city);
    const countryLevel = gridLevelFor(country);
    expect(cityLevel.level).toBeGreaterThan(0);
    expect(countryLevel.level).toBeGreaterThan(cityLevel.level);
    expect(cityLevel.cell).toBeCloseTo(FINEST_CELL_DEGREES * 2 ** cityLevel.level, 12);
    // At most ~160 cells across the larger side.
    expect((city.neLng - city.swLng) / cityLevel.cell).toBeLessThanOrEqual(160);
  });

  it('gives inclusive cell index ranges, floor-based on both sides of zero', () => {
    expect(
      cellRange({ west: -0.001, south: 0.0001, east: 0.0005, north: 0.0009 }, FINEST_CELL_DEGREES),
    ).toEqual({
      x0: -3,
      x1: 1,
      y0: 0,
      y1: 2,
    });
  });

  it('splits a viewport crossing the antimeridian into two boxes', () => {
    expect(splitAtAntimeridian({ swLat: -20, swLng: 170, neLat: -10, neLng: -170 })).toEqual([
      { west: 170, south: -20, east: 180, north: -10 },
      { west: -180, south: -20, east: -170, north: -10 },
    ]);
    expect(splitAtAntimeridian(city)).toHaveLength(1);
  });

  it('quantizes viewports outwards so small pans share a cache key', () => {
    const { cell } = gridLevelFor(city);
    const a = quantizeViewport(city, cell);
    const b = quantizeViewport({ ...city, swLat: city.swLat + cell, neLng: city.neLng - cell }, cell);
    expect(a).toEqual(b);
    expect(a.swLat).toBeLessThanOrEqual(city.swLat);
    expect(a.neLng).toBeGreaterThanOrEqual(city.neLng);
  });

  it('lists the 1° regions a viewport covers, or null for very wide ones', () => {
    expect(regionsCovering(splitAtAntimeridian(city))).toEqual(['126:37', '127:37']);
    expect(
      regionsCovering(splitAtAntimeridian({ swLat: -80, swLng: -180, neLat: 80, neLng: 180 })),
    ).toBeNull();
  });

  it('unions two changed boxes, either of which may be null', () => {
    const a = { west: 126.9, south: 37.5, east: 127.0, north: 37.6 };
    const b = { west: 126.95, south: 37.4, east: 127.1, north: 37.55 };
    expect(unionBox(a, b)).toEqual({ west: 126.9, south: 37.4, east: 127.1, north: 37.6 });
    expect(unionBox(null, b)).toBe(b);
    expect(unionBox(a, null)).toBe(a);
    expect(unionBox(null, null)).toBeNull();
  });
});
