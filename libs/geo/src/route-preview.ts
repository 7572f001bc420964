import { dedupeConsecutive, roundCoord, sampleEvenly, sampleEveryNth, toLngLatPairs } from './line';
import { simplifyLine } from './simplify';
import type { LineCoordinates, LngLat } from './types';

/** §6.3: course list previews carry at most this many points, 6 decimals. */
export const ROUTE_PREVIEW_MAX_POINTS = 50;
/** §6.3: run-history previews take every ⌊n/30⌋-th point (plus the last), 5 decimals. */
export const RUN_PREVIEW_DIVISOR = 30;
/** §6.3: a matched run route with fewer points than this is not trusted for the preview. */
export const RUN_PREVIEW_MIN_MATCHED_POINTS = 5;

/**
 * Deduplicated and Douglas–Peucker-simplified (0.0001°) line, for previews and thumbnails;
 * null when fewer than two distinct points remain.
 */
export function simplifiedPreviewLine(line: LineCoordinates | null | undefined): LngLat[] | null {
  const coords = dedupeConsecutive(toLngLatPairs(line));
  if (coords.length < 2) return null;
  return simplifyLine(coords);
}

/** §6.3 course route preview: dedupe, simplify, ≤ 50 points, 6 decimals; null if < 2 points. */
export function routePreview(
  line: LineCoordinates | null | undefined,
  maxPoints = ROUTE_PREVIEW_MAX_POINTS,
): LngLat[] | null {
  const simplified = simplifiedPreviewLine(line);
  if (!simplified) return null;
  return sampleEvenly(simplified, maxPoints).map((c) => roundCoord(c, 6));
}

/** §6.3 run-history preview: every ⌊n/30⌋-th point plus the last, 5 decimals; no simplification. */
export function runHistoryPreview(line: LineCoordinates | null | undefined): LngLat[] | null {
  const coords = toLngLatPairs(line);
  if (coords.length < 2) return null;
  return sampleEveryNth(coords, RUN_PREVIEW_DIVISOR).map((c) => roundCoord(c, 5));
}

/**
 * §6.3: which line a run-history item previews — the course's line for a course run, else the
 * run's (map-matched) route, falling back to the raw route when the matched one has < 5 points.
 */
export function runPreviewSource(input: {
  courseLine?: LineCoordinates | null;
  route?: LineCoordinates | null;
  rawRoute?: LineCoordinates | null;
}): LineCoordinates | null {
  if (input.courseLine && input.courseLine.length >= 2) return input.courseLine;
  if (input.route && input.route.length >= RUN_PREVIEW_MIN_MATCHED_POINTS) return input.route;
  if (input.rawRoute && input.rawRoute.length >= 2) return input.rawRoute;
  return input.route && input.route.length >= 2 ? input.route : null;
}
