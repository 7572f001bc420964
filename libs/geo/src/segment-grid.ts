/**
 * A static uniform grid over the segments of a polyline in a metric plane. Each segment is
 * registered in every cell it actually crosses (not its whole bounding box), stored as one CSR
 * pair of typed arrays, so queries allocate nothing. A uniform grid beats an R-tree here: course
 * vertices are roughly evenly spaced, queries are points close to the line, and the grid needs
 * no dependency (flatbush 4 is ESM-only, which jest's CommonJS run cannot load).
 */

/** Result slot reused across queries to avoid per-point object churn. */
export interface NearestSegment {
  /** segment index (segment i joins vertices i and i+1); -1 when the grid is empty */
  segment: number;
  /** position of the nearest point along the segment, 0..1 */
  t: number;
  /** squared planar distance to that point */
  dist2: number;
}

const MIN_CELL_METERS = 20;

export class SegmentGrid {
  readonly cellSize: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellStart: Int32Array;
  private readonly cellItems: Int32Array;
  /** per-segment stamp of the last query that looked at it, to skip duplicates across cells */
  private readonly seen: Uint32Array;
  private stamp = 0;
  // Per-segment vector and 1/|v|² (0 for a zero-length segment, which then measures to its start).
  private readonly segDx: Float64Array;
  private readonly segDy: Float64Array;
  private readonly segInvLen2: Float64Array;

  constructor(
    private readonly xs: Float64Array,
    private readonly ys: Float64Array,
  ) {
    const n = xs.length;
    const segCount = Math.max(0, n - 1);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (xs[i] < minX) minX = xs[i];
      if (xs[i] > maxX) maxX = xs[i];
      if (ys[i] < minY) minY = ys[i];
      if (ys[i] > maxY) maxY = ys[i];
      if (i > 0) total += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
    }
    if (n === 0) {
      minX = minY = maxX = maxY = 0;
    }
    const width = maxX - minX;
    const height = maxY - minY;
    // About two average segments per cell keeps each cell's list short; capping the number of
    // cells keeps memory linear in the course size even for sparse, sprawling lines.
    let cell = Math.max(MIN_CELL_METERS, segCount > 0 ? (2 * total) / segCount : MIN_CELL_METERS);
    const maxCells = Math.max(4096, 16 * segCount);
    while ((Math.floor(width / cell) + 1) * (Math.floor(height / cell) + 1) > maxCells) cell *= 1.5;
    this.cellSize = cell;
    this.minX = minX;
    this.minY = minY;
    this.cols = Math.floor(width / cell) + 1;
    this.rows = Math.floor(height / cell) + 1;
    this.seen = new Uint32Array(segCount);
    this.segDx = new Float64Array(segCount);
    this.segDy = new Float64Array(segCount);
    this.segInvLen2 = new Float64Array(segCount);
    for (let i = 0; i < segCount; i++) {
      const dx = xs[i + 1] - xs[i];
      const dy = ys[i + 1] - ys[i];
      const l2 = dx * dx + dy * dy;
      this.segDx[i] = dx;
      this.segDy[i] = dy;
      this.segInvLen2[i] = l2 > 1e-12 ? 1 / l2 : 0;
    }

    const counts = new Int32Array(this.cols * this.rows + 1);
    this.visitCells(segCount, (cellIndex) => {
      counts[cellIndex + 1]++;
    });
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.cellStart = counts;
    this.cellItems = new Int32Array(counts[counts.length - 1]);
    const fill = counts.slice(0, counts.length - 1);
    this.visitCells(segCount, (cellIndex, seg) => {
      this.cellItems[fill[cellIndex]++] = seg;
    });
  }

  /** Calls `fn` once per (cell, segment) pair where the segment crosses the cell. */
  private visitCells(segCount: number, fn: (cellIndex: number, seg: number) => void): void {
    const { xs, ys, cellSize: c, minX, minY, cols, rows } = this;
    const eps = c * 1e-9;
    for (let s = 0; s < segCount; s++) {
      const x1 = xs[s];
      const y1 = ys[s];
      const x2 = xs[s + 1];
      const y2 = ys[s + 1];
      const r0 = clampInt(Math.floor((Math.min(y1, y2) - minY - eps) / c), 0, rows - 1);
      const r1 = clampInt(Math.floor((Math.max(y1, y2) - minY + eps) / c), 0, rows - 1);
      for (let r = r0; r <= r1; r++) {
        // Clip the segment to this row's band to get the columns it really crosses.
        let xa: number;
        let xb: number;
        if (y1 === y2) {
          xa = x1;
          xb = x2;
        } else {
          const bandLo = minY + r * c;
          let ta = (bandLo - y1) / (y2 - y1);
          let tb = (bandLo + c - y1) / (y2 - y1);
          ta = ta < 0 ? 0 : ta > 1 ? 1 : ta;
          tb = tb < 0 ? 0 : tb > 1 ? 1 : tb;
          xa = x1 + ta * (x2 - x1);
          xb = x1 + tb * (x2 - x1);
        }
        const c0 = clampInt(Math.floor((Math.min(xa, xb) - minX - eps) / c), 0, cols - 1);
        const c1 = clampInt(Math.floor((Math.max(xa, xb) - minX + eps) / c), 0, cols - 1);
        for (let col = c0; col <= c1; col++) fn(r * cols + col, s);
      }
    }
  }

  private nextStamp(): number {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** Squared distance from (px, py) to segment `s`; writes the clamped parameter to `tOut[0]`. */
  segmentDist2(s: number, px: number, py: number, tOut: Float64Array): number {
    const ax = this.xs[s];
    const ay = this.ys[s];
    const dx = this.segDx[s];
    const dy = this.segDy[s];
    let t = ((px - ax) * dx + (py - ay) * dy) * this.segInvLen2[s];
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    tOut[0] = t;
    const ex = ax + t * dx - px;
    const ey = ay + t * dy - py;
    return ex * ex + ey * ey;
  }

  private readonly tmp = new Float64Array(1);

  private scanCell(cellIndex: number, px: number, py: number, stamp: number, out: NearestSegment): void {
    const end = this.cellStart[cellIndex + 1];
    for (let k = this.cellStart[cellIndex]; k < end; k++) {
      const s = this.cellItems[k];
      if (this.seen[s] === stamp) continue;
      this.seen[s] = stamp;
      const d2 = this.segmentDist2(s, px, py, this.tmp);
      // Lowest segment index wins ties, like the reference's first-minimum scan.
      if (d2 < out.dist2 || (d2 === out.dist2 && s < out.segment)) {
        out.dist2 = d2;
        out.segment = s;
        out.t = this.tmp[0];
      }
    }
  }

  /** Exact nearest segment to (px, py) by ring search outwards from the point's cell. */
  nearest(px: number, py: number, out: NearestSegment): void {
    out.segment = -1;
    out.t = 0;
    out.dist2 = Infinity;
    if (this.seen.length === 0) return;
    const { cellSize: c, minX, minY, cols, rows } = this;
    const stamp = this.nextStamp();
    const cx = Math.floor((px - minX) / c);
    const cy = Math.floor((py - minY) / c);
    // Rings that lie wholly outside the grid hold no segments: start at the first that does not.
    const dxOut = cx < 0 ? -cx : cx >= cols ? cx - cols + 1 : 0;
    const dyOut = cy < 0 ? -cy : cy >= rows ? cy - rows + 1 : 0;
    const maxR = Math.max(cx, cols - 1 - cx, cy, rows - 1 - cy);
    for (let r = Math.max(dxOut, dyOut); r <= maxR; r++) {
      const x0 = cx - r;
      const x1 = cx + r;
      const y0 = cy - r;
      const y1 = cy + r;
      const colLo = Math.max(0, x0);
      const colHi = Math.min(cols - 1, x1);
      if (y0 >= 0 && y0 < rows)
        for (let col = colLo; col <= colHi; col++) this.scanCell(y0 * cols + col, px, py, stamp, out);
      if (r > 0 && y1 >= 0 && y1 < rows)
        for (let col = colLo; col <= colHi; col++) this.scanCell(y1 * cols + col, px, py, stamp, out);
      const rowLo = Math.max(0, y0 + 1);
      const rowHi = Math.min(rows - 1, y1 - 1);
      if (x0 >= 0 && x0 < cols)
        for (let row = rowLo; row <= rowHi; row++) this.scanCell(row * cols + x0, px, py, stamp, out);
      if (r > 0 && x1 >= 0 && x1 < cols)
        for (let row = rowLo; row <= rowHi; row++) this.scanCell(row * cols + x1, px, py, stamp, out);
      if (out.segment >= 0) {
        // Anything not yet seen lies outside the searched square, so at least this far away.
        const bound = Math.min(
          px - (minX + x0 * c),
          minX + (x1 + 1) * c - px,
          py - (minY + y0 * c),
          minY + (y1 + 1) * c - py,
        );
        if (bound > 0 && out.dist2 <= bound * bound) return;
      }
    }
  }

  /**
   * Every segment within `radius` of (px, py): indices go to `segOut`, clamped parameters to
   * `tOut`, squared distances to `d2Out`; returns how many were written (at most the buffers'
   * length, which the caller sizes to the segment count). The nearest of them (lowest index on a
   * tie) also goes to `nearestOut` (segment −1 when none). This is the matcher's hot path, so the
   * point-to-segment maths is inlined over precomputed segment vectors.
   */
  within(
    px: number,
    py: number,
    radius: number,
    segOut: Int32Array,
    tOut: Float64Array,
    d2Out: Float64Array,
    nearestOut?: NearestSegment,
  ): number {
    if (nearestOut) {
      nearestOut.segment = -1;
      nearestOut.dist2 = Infinity;
      nearestOut.t = 0;
    }
    if (this.seen.length === 0) return 0;
    const {
      cellSize: c,
      minX,
      minY,
      cols,
      rows,
      cellStart,
      cellItems,
      seen,
      xs,
      ys,
      segDx,
      segDy,
      segInvLen2,
    } = this;
    const c0 = Math.floor((px - radius - minX) / c);
    const c1 = Math.floor((px + radius - minX) / c);
    const r0 = Math.floor((py - radius - minY) / c);
    const r1 = Math.floor((py + radius - minY) / c);
    if (c1 < 0 || r1 < 0 || c0 >= cols || r0 >= rows) return 0;
    const stamp = this.nextStamp();
    const r2 = radius * radius;
    const cap = segOut.length;
    const colLo = c0 < 0 ? 0 : c0;
    const colHi = c1 >= cols ? cols - 1 : c1;
    const rowHi = r1 >= rows ? rows - 1 : r1;
    let count = 0;
    let bestSeg = -1;
    let bestD2 = Infinity;
    let bestT = 0;
    for (let row = r0 < 0 ? 0 : r0; row <= rowHi; row++) {
      const rowBase = row * cols;
      for (let k = cellStart[rowBase + colLo], end = cellStart[rowBase + colHi + 1]; k < end; k++) {
        const s = cellItems[k];
        if (seen[s] === stamp) continue;
        seen[s] = stamp;
        const ax = xs[s];
        const ay = ys[s];
        const dx = segDx[s];
        const dy = segDy[s];
        let t = ((px - ax) * dx + (py - ay) * dy) * segInvLen2[s];
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = ax + t * dx - px;
        const ey = ay + t * dy - py;
        const d2 = ex * ex + ey * ey;
        if (d2 <= r2 && count < cap) {
          segOut[count] = s;
          tOut[count] = t;
          d2Out[count] = d2;
          count++;
          if (d2 < bestD2 || (d2 === bestD2 && s < bestSeg)) {
            bestD2 = d2;
            bestSeg = s;
            bestT = t;
          }
        }
      }
    }
    if (nearestOut) {
      nearestOut.segment = bestSeg;
      nearestOut.dist2 = bestD2;
      nearestOut.t = bestT;
    }
    return count;
  }
}

function clampInt(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
