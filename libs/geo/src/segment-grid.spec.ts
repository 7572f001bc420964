import { SegmentGrid, type NearestSegment } from './segment-grid';
import { seededRandom } from './testing/synthetic';

function brute(
  xs: Float64Array,
  ys: Float64Array,
  px: number,
  py: number,
): { seg: number; d2: number; all: number[] } {
  let best = -1;
  let bestD2 = Infinity;
  const all: number[] = [];
  for (let s = 0; s + 1 < xs.length; s++) {
    const dx = xs[s + 1] - xs[s];
    const dy = ys[s + 1] - ys[s];
    const l2 = dx * dx + dy * dy;
    const t = l2 > 1e-12 ? Math.max(0, Math.min(1, ((px - xs[s]) * dx + (py - ys[s]) * dy) / l2)) : 0;
    const d2 = (xs[s] + t * dx - px) ** 2 + (ys[s] + t * dy - py) ** 2;
    all.push(d2);
    if (d2 < bestD2) {
      bestD2 = d2;
      best = s;
    }
  }
  return { seg: best, d2: bestD2, all };
}

describe('SegmentGrid', () => {
  const rnd = seededRandom(31);
  const n = 800;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let h = 0;
  for (let i = 1; i < n; i++) {
    h += (rnd() - 0.5) * 1.2;
    // Mostly short steps, a few very long ones that cross many cells.
    const step = i % 97 === 0 ? 1500 : 5 + rnd() * 30;
    xs[i] = xs[i - 1] + Math.cos(h) * step;
    ys[i] = ys[i - 1] + Math.sin(h) * step;
  }
  // A zero-length segment.
  xs[400] = xs[399];
  ys[400] = ys[399];
  const grid = new SegmentGrid(xs, ys);

  it('nearest() equals brute force for points near, inside and far outside the grid', () => {
    const out: NearestSegment = { segment: -1, t: 0, dist2: Infinity };
    for (let k = 0; k < 1500; k++) {
      const i = Math.floor(rnd() * n);
      const spread = k < 1000 ? 60 : 20_000;
      const px = xs[i] + (rnd() - 0.5) * spread;
      const py = ys[i] + (rnd() - 0.5) * spread;
      grid.nearest(px, py, out);
      const b = brute(xs, ys, px, py);
      expect(out.dist2).toBeCloseTo(b.d2, 6);
    }
  });

  it('within() returns exactly the segments inside the radius, and their nearest', () => {
    const seg = new Int32Array(n);
    const t = new Float64Array(n);
    const d2 = new Float64Array(n);
    const nearest: NearestSegment = { segment: -1, t: 0, dist2: Infinity };
    for (let k = 0; k < 500; k++) {
      const i = Math.floor(rnd() * n);
      const px = xs[i] + (rnd() - 0.5) * 200;
      const py = ys[i] + (rnd() - 0.5) * 200;
      const count = grid.within(px, py, 60, seg, t, d2, nearest);
      const b = brute(xs, ys, px, py);
      const expected = b.all.map((v, s) => (v <= 3600 ? s : -1)).filter((s) => s >= 0);
      expect(Array.from(seg.subarray(0, count)).sort((a, c) => a - c)).toEqual(expected);
      if (count > 0) {
        expect(nearest.segment).toBe(b.seg);
        expect(nearest.dist2).toBeCloseTo(b.d2, 6);
      } else {
        expect(nearest.segment).toBe(-1);
      }
    }
  });

  it('finds a point beside the middle of a 1.5 km segment', () => {
    const s = 97 - 1; // segment from vertex 96 to the long step at vertex 97
    const mx = (xs[s] + xs[s + 1]) / 2;
    const my = (ys[s] + ys[s + 1]) / 2;
    const seg = new Int32Array(n);
    const count = grid.within(mx + 1, my + 1, 10, seg, new Float64Array(n), new Float64Array(n));
    expect(Array.from(seg.subarray(0, count))).toContain(s);
  });

  it('breaks ties by the lowest segment index (the reference scans in order)', () => {
    // Two identical segments on top of each other: out and back.
    const g = new SegmentGrid(Float64Array.from([0, 100, 0]), Float64Array.from([0, 0, 0]));
    const out: NearestSegment = { segment: -1, t: 0, dist2: Infinity };
    g.nearest(50, 10, out);
    expect(out.segment).toBe(0);
    const nearest: NearestSegment = { segment: -1, t: 0, dist2: Infinity };
    g.within(50, 10, 60, new Int32Array(2), new Float64Array(2), new Float64Array(2), nearest);
    expect(nearest.segment).toBe(0);
  });

  it('handles empty and single-vertex inputs', () => {
    const empty = new SegmentGrid(new Float64Array(0), new Float64Array(0));
    const out: NearestSegment = { segment: 5, t: 0, dist2: 0 };
    empty.nearest(0, 0, out);
    expect(out.segment).toBe(-1);
    expect(empty.within(0, 0, 10, new Int32Array(0), new Float64Array(0), new Float64Array(0))).toBe(0);
    const one = new SegmentGrid(Float64Array.from([3]), Float64Array.from([4]));
    one.nearest(0, 0, out);
    expect(out.segment).toBe(-1);
  });
});
