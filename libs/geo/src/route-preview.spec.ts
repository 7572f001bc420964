import { routePreview, runHistoryPreview, runPreviewSource } from './route-preview';
import type { LngLat } from './types';

describe('routePreview (§6.3)', () => {
  it('returns null for no geometry or fewer than 2 distinct points (§17 `get_route_preview`)', () => {
    expect(routePreview(null)).toBeNull();
    expect(routePreview([])).toBeNull();
    expect(routePreview([[127, 37.5]])).toBeNull();
    expect(
      routePreview([
        [127, 37.5],
        [127.000001, 37.500001],
      ]),
    ).toBeNull();
  });

  it('simplifies a straight line to its ends, rounded to 6 decimals', () => {
    const line: LngLat[] = Array.from({ length: 100 }, (_, i) => [
      127 + i * 0.0001234567,
      37.5 + i * 0.0001234567,
    ]);
    expect(routePreview(line)).toEqual([
      [127, 37.5],
      [127.012222, 37.512222],
    ]);
  });

  it('keeps at most 50 points of a wiggly line, first and last included', () => {
    const line: LngLat[] = Array.from({ length: 500 }, (_, i) => [
      127 + i * 0.0005,
      37.5 + Math.sin(i / 3) * 0.002,
    ]);
    const p = routePreview(line)!;
    expect(p.length).toBe(50);
    expect(p[0]).toEqual([127, 37.5]);
    expect(p[49]).toEqual([127.2495, Math.round((37.5 + Math.sin(499 / 3) * 0.002) * 1e6) / 1e6]);
  });
});

describe('runHistoryPreview (§6.3)', () => {
  it('takes every ⌊n/30⌋-th point plus the last, 5 decimals, no simplification', () => {
    const line: LngLat[] = Array.from({ length: 95 }, (_, i) => [127 + i * 0.0001, 37.5]);
    const p = runHistoryPreview(line)!;
    expect(p[1]).toEqual([127.0003, 37.5]);
    expect(p[p.length - 1]).toEqual([127.0094, 37.5]);
    expect(p.length).toBe(33);
    expect(
      runHistoryPreview([
        [1.123456789, 2.123456789],
        [3, 4],
      ]),
    ).toEqual([
      [1.12346, 2.12346],
      [3, 4],
    ]);
    expect(runHistoryPreview([[1, 2]])).toBeNull();
  });

  it('chooses the course line, else the matched route, else the raw route', () => {
    const a: LngLat[] = [
      [1, 1],
      [2, 2],
    ];
    const five: LngLat[] = Array.from({ length: 5 }, (_, i) => [i, i]);
    const raw: LngLat[] = Array.from({ length: 40 }, (_, i) => [i, 0]);
    expect(runPreviewSource({ courseLine: a, route: five, rawRoute: raw })).toBe(a);
    expect(runPreviewSource({ route: five, rawRoute: raw })).toBe(five);
    expect(runPreviewSource({ route: five.slice(0, 4), rawRoute: raw })).toBe(raw);
    expect(runPreviewSource({ route: a })).toBe(a);
    expect(runPreviewSource({})).toBeNull();
  });
});
