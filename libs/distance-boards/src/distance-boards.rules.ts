import type { Place, RunPlace } from './places.rules';

/**
 * A board scope: everyone (`all`), a country (`c:KR`) or a place (`p:1835848`, a GeoNames id).
 * A run counts on the overall board, on its country's and on its place's.
 */
export type BoardScope = string;
export const OVERALL: BoardScope = 'all';
export const countryScope = (country: string): BoardScope => `c:${country}`;
export const placeScope = (place: Pick<Place, 'id'>): BoardScope => `p:${place.id}`;

export interface ScopeTotal {
  distance: number;
  runs: number;
  duration: number;
}

export interface CountedRun {
  distance_meters: number;
  duration_seconds: number;
  lat: number | null;
  lng: number | null;
}

/** One runner's totals on every board their runs of a period count on. */
export function scopeTotals(
  runs: readonly CountedRun[],
  locate: (lat: number, lng: number) => RunPlace,
): Map<BoardScope, ScopeTotal> {
  const totals = new Map<BoardScope, ScopeTotal>();
  const add = (scope: BoardScope, run: CountedRun) => {
    const total = totals.get(scope) ?? { distance: 0, runs: 0, duration: 0 };
    total.distance += run.distance_meters;
    total.runs += 1;
    total.duration += run.duration_seconds;
    totals.set(scope, total);
  };
  for (const run of runs) {
    add(OVERALL, run);
    if (run.lat === null || run.lng === null) continue;
    const where = locate(run.lat, run.lng);
    if (where.country) add(countryScope(where.country), run);
    if (where.place) add(placeScope(where.place), run);
  }
  return totals;
}

/** `runs,duration` as kept beside a board's score (the distance). */
export function encodeStats(total: ScopeTotal): string {
  return `${total.runs},${total.duration}`;
}

export function decodeStats(value: string | null | undefined): { runs: number; duration: number } {
  const [runs, duration] = (value ?? '0,0').split(',').map(Number);
  return { runs: runs || 0, duration: duration || 0 };
}
