import { geodesicMeters, haversineLngLat } from './distance';
import {
  boundingBox,
  dedupeConsecutive,
  interpolateAlongLine,
  roundCoord,
  routeLength,
  routeLengthHaversine,
  sampleEvenly,
  sampleEveryNth,
  toLngLatPairs,
} from './line';
import type { LngLat } from './types';

describe('interpolateAlongLine (§17 `_interpolate_along_line`)', () => {
  const line: LngLat[] = [
    [127.0, 37.5],
    [127.0, 37.51],
  ];
  const length = haversineLngLat(line[0], line[1]);

  it('target 0 → the first point', () => {
    const p = interpolateAlongLine(line, 0)!;
    expect(p[0]).toBeCloseTo(127.0, 4);
    expect(p[1]).toBeCloseTo(37.5, 4);
  });

  it('target beyond the length → the last point', () => {
    expect(interpolateAlongLine(line, length + 100)).toEqual([127.0, 37.51]);
  });

  it('half the length → the midpoint (127.0, 37.505)', () => {
    const p = interpolateAlongLine(line, length / 2)!;
    expect(p[0]).toBeCloseTo(127.0, 3);
    expect(p[1]).toBeCloseTo(37.505, 3);
  });

  it('on a 3-point line, first segment + 100 m lies beyond the middle vertex', () => {
    const three: LngLat[] = [...line, [127.0, 37.52]];
    expect(interpolateAlongLine(three, length + 100)![1]).toBeGreaterThan(37.51);
  });

  it('handles an empty line and zero-length segments', () => {
    expect(interpolateAlongLine([], 10)).toBeNull();
    const dup: LngLat[] = [
      [127, 37.5],
      [127, 37.5],
      [127, 37.501],
    ];
    expect(interpolateAlongLine(dup, 50)![1]).toBeCloseTo(37.50045, 5);
  });
});

describe('route length and bounding box', () => {
  const line: LngLat[] = [
    [127.0, 37.5],
    [127.01, 37.5],
    [127.01, 37.51],
  ];

  it('routeLength is WGS84, routeLengthHaversine the reference sphere', () => {
    expect(routeLength(line)).toBeCloseTo(
      geodesicMeters(37.5, 127, 37.5, 127.01) + geodesicMeters(37.5, 127.01, 37.51, 127.01),
      6,
    );
    expect(routeLengthHaversine(line)).toBeCloseTo(
      haversineLngLat(line[0], line[1]) + haversineLngLat(line[1], line[2]),
      6,
    );
    expect(routeLength([])).toBe(0);
    expect(routeLength([[127, 37.5, 12]])).toBe(0);
  });

  it('boundingBox', () => {
    expect(boundingBox(line)).toEqual({ minLng: 127.0, minLat: 37.5, maxLng: 127.01, maxLat: 37.51 });
    expect(boundingBox([])).toBeNull();
  });
});

describe('coordinate helpers', () => {
  it('toLngLatPairs drops altitude and malformed entries', () => {
    expect(toLngLatPairs([[127, 37.5, 10], [127.1], [NaN, 1], [127.2, 37.6]] as number[][])).toEqual([
      [127, 37.5],
      [127.2, 37.6],
    ]);
    expect(toLngLatPairs(null)).toEqual([]);
  });

  it('dedupeConsecutive drops points within 0.00001° on both axes', () => {
    expect(
      dedupeConsecutive([
        [127, 37.5],
        [127.000005, 37.500005],
        [127.00002, 37.5],
        [127.00002, 37.5],
      ]),
    ).toEqual([
      [127, 37.5],
      [127.00002, 37.5],
    ]);
  });

  it('sampleEvenly never exceeds the cap and keeps both ends', () => {
    const items = Array.from({ length: 99 }, (_, i) => i);
    const s = sampleEvenly(items, 50);
    expect(s).toHaveLength(50);
    expect(s[0]).toBe(0);
    expect(s[49]).toBe(98);
    expect(sampleEvenly([1, 2, 3], 50)).toEqual([1, 2, 3]);
    expect(sampleEvenly([1, 2, 3], 1)).toEqual([1]);
  });

  it('sampleEveryNth is the reference rule: every ⌊n/k⌋-th, then the last', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const s = sampleEveryNth(items, 30);
    expect(s.slice(0, 3)).toEqual([0, 3, 6]);
    expect(s[s.length - 1]).toBe(99);
    expect(s).toHaveLength(34); // 0, 3, …, 99 already ends on the last item
    expect(sampleEveryNth([1, 2], 30)).toEqual([1, 2]);
    expect(sampleEveryNth([], 30)).toEqual([]);
  });

  it('roundCoord', () => {
    expect(roundCoord([127.1234567, 37.9876543], 6)).toEqual([127.123457, 37.987654]);
    expect(roundCoord([127.1234567, 37.9876543], 5)).toEqual([127.12346, 37.98765]);
  });
});
