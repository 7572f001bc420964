/**
 * §5: a vertex whose curvature (as defined below) exceeds this is a curve. With the reference's
 * definition that means the circle through the three points has a radius under 500 m.
 */
export const CURVATURE_THRESHOLD_RAD_PER_M = 0.001;

/**
 * The reference's "Menger curvature" of three planar points: 2·area / (a·b·c). Note this is half
 * the textbook Menger curvature (4·area / abc = 1/R); we keep the reference's definition so the
 * 0.001 threshold and the §5 worked numbers (0.01303 for the right-angle course) keep their
 * meaning. 2·area is the cross product, which unlike Heron's formula stays precise for nearly
 * collinear points. Degenerate triangles (any side under 1 µm) have curvature 0, as in the
 * reference.
 */
export function mengerCurvature(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
): number {
  const a = Math.hypot(bx - ax, by - ay);
  const b = Math.hypot(cx - bx, cy - by);
  const c = Math.hypot(cx - ax, cy - ay);
  if (a < 1e-6 || b < 1e-6 || c < 1e-6) return 0;
  const cross = Math.abs((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  return cross / (a * b * c);
}

/**
 * §5 segment classification over planar vertices: each interior vertex whose curvature exceeds
 * the threshold marks both segments touching it as curved. Returns one flag per segment.
 */
export function classifyCurvedSegments(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  threshold = CURVATURE_THRESHOLD_RAD_PER_M,
): Uint8Array {
  const n = xs.length;
  const flags = new Uint8Array(Math.max(0, n - 1));
  for (let i = 1; i < n - 1; i++) {
    if (mengerCurvature(xs[i - 1], ys[i - 1], xs[i], ys[i], xs[i + 1], ys[i + 1]) > threshold) {
      flags[i - 1] = 1;
      flags[i] = 1;
    }
  }
  return flags;
}
