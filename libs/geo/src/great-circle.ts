/**
 * Great-circle maths on the unit sphere, the model PostGIS `geography` uses for its edges: a
 * geography line is a chain of great-circle arcs between geodetic lat/lng taken as spherical
 * coordinates; `ST_Distance` finds the closest point on that spherical chain and then measures
 * the spheroid (WGS84) distance to it.
 */

const DEG = Math.PI / 180;

/** Writes the unit vector of (lat, lng) into `out` at `offset` (x, y, z). */
export function toUnitVector(lat: number, lng: number, out: Float64Array, offset = 0): void {
  const phi = lat * DEG;
  const lambda = lng * DEG;
  const c = Math.cos(phi);
  out[offset] = c * Math.cos(lambda);
  out[offset + 1] = c * Math.sin(lambda);
  out[offset + 2] = Math.sin(phi);
}

/** Latitude and longitude (degrees) of a (not necessarily unit) vector. */
export function fromVector(x: number, y: number, z: number): [number, number] {
  return [Math.atan2(z, Math.sqrt(x * x + y * y)) / DEG, Math.atan2(y, x) / DEG];
}

/** Point at fraction `f` of the great-circle arc between two positions. */
export function greatCirclePoint(
  lat1: number,
  lng1: number,
  lat2: number,
  lng2: number,
  f: number,
): [number, number] {
  const v = new Float64Array(6);
  toUnitVector(lat1, lng1, v, 0);
  toUnitVector(lat2, lng2, v, 3);
  const dot = Math.min(1, Math.max(-1, v[0] * v[3] + v[1] * v[4] + v[2] * v[5]));
  const omega = Math.acos(dot);
  const so = Math.sin(omega);
  const a = so < 1e-15 ? 1 - f : Math.sin((1 - f) * omega) / so;
  const b = so < 1e-15 ? f : Math.sin(f * omega) / so;
  return fromVector(a * v[0] + b * v[3], a * v[1] + b * v[4], a * v[2] + b * v[5]);
}

/** Angle (rad) between two unit vectors, precise for small angles (chord form). */
function angleBetween(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const dx = ax - bx;
  const dy = ay - by;
  const dz = az - bz;
  return 2 * Math.asin(Math.min(1, Math.sqrt(dx * dx + dy * dy + dz * dz) / 2));
}

/**
 * Closest point to unit vector P on the great-circle arc from unit vector A to unit vector B:
 * writes it (as a unit vector) into `out[0..2]` and returns the angular distance (rad).
 */
export function closestOnArc(
  px: number,
  py: number,
  pz: number,
  ax: number,
  ay: number,
  az: number,
  bx: number,
  by: number,
  bz: number,
  out: Float64Array,
): number {
  // Normal of the arc's plane.
  let nx = ay * bz - az * by;
  let ny = az * bx - ax * bz;
  let nz = ax * by - ay * bx;
  const nl = Math.sqrt(nx * nx + ny * ny + nz * nz);
  if (nl > 1e-15) {
    nx /= nl;
    ny /= nl;
    nz /= nl;
    const s = px * nx + py * ny + pz * nz;
    let fx = px - s * nx;
    let fy = py - s * ny;
    let fz = pz - s * nz;
    const fl = Math.sqrt(fx * fx + fy * fy + fz * fz);
    if (fl > 1e-15) {
      fx /= fl;
      fy /= fl;
      fz /= fl;
      // F lies on the arc when it is on the inner side of both A and B.
      const sideA = (ay * fz - az * fy) * nx + (az * fx - ax * fz) * ny + (ax * fy - ay * fx) * nz;
      const sideB = (fy * bz - fz * by) * nx + (fz * bx - fx * bz) * ny + (fx * by - fy * bx) * nz;
      if (sideA >= 0 && sideB >= 0) {
        out[0] = fx;
        out[1] = fy;
        out[2] = fz;
        return Math.asin(Math.min(1, Math.abs(s)));
      }
    }
  }
  const da = angleBetween(px, py, pz, ax, ay, az);
  const db = angleBetween(px, py, pz, bx, by, bz);
  if (da <= db) {
    out[0] = ax;
    out[1] = ay;
    out[2] = az;
    return da;
  }
  out[0] = bx;
  out[1] = by;
  out[2] = bz;
  return db;
}
