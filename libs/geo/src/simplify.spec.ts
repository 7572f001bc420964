import { douglasPeuckerIndices, simplifyLine, simplifyLineMeters } from './simplify';
import { SEOUL } from './testing/synthetic';
import type { LngLat } from './types';

describe('Douglas–Peucker', () => {
  it('reduces a collinear line to its ends', () => {
    const line: LngLat[] = Array.from({ length: 200 }, (_, i) => [127 + i * 0.001, 37.5 + i * 0.001]);
    expect(simplifyLine(line)).toEqual([line[0], line[199]]);
  });

  it('keeps a corner and drops wiggles under the tolerance', () => {
    const xs = [0, 1, 2, 3, 4, 4, 4];
    const ys = [0, 0.3, -0.2, 0.1, 0, 2, 4];
    expect(douglasPeuckerIndices(xs, ys, 0.5)).toEqual([0, 4, 6]);
    expect(douglasPeuckerIndices(xs, ys, 0.1)).toEqual([0, 1, 2, 3, 4, 6]);
  });

  it('returns short inputs unchanged and survives 100 000 points', () => {
    expect(douglasPeuckerIndices([1], [1], 1)).toEqual([0]);
    expect(douglasPeuckerIndices([], [], 1)).toEqual([]);
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, (_, i) => i);
    const ys = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50) * 10);
    const kept = douglasPeuckerIndices(xs, ys, 0.5);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(n - 1);
    expect(kept.length).toBeLessThan(n / 5);
  });

  it('works in metres with simplifyLineMeters (0.0001° of longitude is only 8.8 m at Seoul)', () => {
    const line: LngLat[] = [
      [SEOUL.lng(0), SEOUL.lat(0)],
      [SEOUL.lng(50), SEOUL.lat(6)],
      [SEOUL.lng(100), SEOUL.lat(0)],
    ];
    expect(simplifyLineMeters(line, 5)).toHaveLength(3);
    expect(simplifyLineMeters(line, 7)).toHaveLength(2);
    expect(simplifyLineMeters(line.slice(0, 2), 7)).toHaveLength(2);
  });
});
