import { geodesicMeters } from '@runvs/geo';

/** Nearby answers are computed from the candidates cached for the grid cell the point falls in. */
export const NEARBY_CELL_DEGREES = 0.001;
/**
 * Candidates cached per cell for an answer of `limit` courses: a few times the limit, so a point
 * anywhere in the cell is still proven (small answers stay small to read from the cache).
 */
export function nearbyCandidateCount(limit: number): number {
  return limit <= 5 ? 24 : limit <= 20 ? 48 : 96;
}
/**
 * The index orders candidates by distance on the sphere, answers use the ellipsoid; the two differ
 * by well under 1 %, so the proof below gives up this share of the candidates' reach.
 */
const SPHERE_VS_ELLIPSOID = 0.01;

export interface NearbyCell {
  key: string;
  lat: number;
  lng: number;
}

/** The grid cell of a point: its key and its centre, where its candidates are looked up. */
export function nearbyCell(lat: number, lng: number): NearbyCell {
  const row = Math.round(lat / NEARBY_CELL_DEGREES);
  const column = Math.round(lng / NEARBY_CELL_DEGREES);
  return { key: `${row}:${column}`, lat: row * NEARBY_CELL_DEGREES, lng: column * NEARBY_CELL_DEGREES };
}

/**
 * The courses within `radiusMeters` of the point, nearest first (ties by id), at most `limit`,
 * from the `fetched` courses nearest to the cell centre — or null when the candidates cannot prove
 * that answer complete. A course that is not a candidate lies at least as far from the centre as
 * the farthest candidate, so at least that distance minus the point's offset from the centre from
 * the point: every distance shorter than that "reach" is known exactly. With fewer candidates
 * than fetched, every listed course is a candidate.
 */
export function nearestFromCandidates<T extends { id: string; start_lat: number; start_lng: number }>(
  candidates: readonly T[],
  point: { lat: number; lng: number },
  cell: NearbyCell,
  radiusMeters: number,
  limit: number,
  fetched: number,
): Array<{ candidate: T; meters: number }> | null {
  let reach = Number.POSITIVE_INFINITY;
  if (candidates.length >= fetched) {
    const farthest = candidates.reduce(
      (max, c) => Math.max(max, geodesicMeters(cell.lat, cell.lng, c.start_lat, c.start_lng)),
      0,
    );
    reach = farthest * (1 - SPHERE_VS_ELLIPSOID) - geodesicMeters(cell.lat, cell.lng, point.lat, point.lng);
  }
  const within = candidates
    .map((candidate) => ({
      candidate,
      meters: geodesicMeters(point.lat, point.lng, candidate.start_lat, candidate.start_lng),
    }))
    .filter((c) => c.meters <= radiusMeters)
    .sort((a, b) => a.meters - b.meters || (a.candidate.id < b.candidate.id ? -1 : 1))
    .slice(0, limit);
  const provenUpTo = within.length === limit ? within[limit - 1].meters : radiusMeters;
  return provenUpTo < reach ? within : null;
}
