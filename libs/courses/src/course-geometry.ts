import type { CourseCheckpoint } from '@runvs/database';
import {
  cumulativeDistances,
  generateCheckpoints,
  type GeoPoint,
  haversineMeters,
  routePreview,
  summarizeElevation,
} from '@runvs/geo';
import type { CheckedRoute } from './course-input.rules';

/** What a course stores about its line, derived from a checked route (creation and correction). */
export interface CourseLineFacts {
  /** GeoJSON LineString text, 2-D */
  routeGeoJson: string;
  /** measured on the line (WGS84), at least 1 m */
  distanceMeters: number;
  routePreview: ReturnType<typeof routePreview>;
  checkpoints: CourseCheckpoint[];
  /** from the route's altitudes when every vertex has a usable one, else null */
  elevation: { gain: number; loss: number; profile: number[] } | null;
}

export function courseLineFacts(route: CheckedRoute): CourseLineFacts {
  return {
    routeGeoJson: JSON.stringify({ type: 'LineString', coordinates: route.coordinates }),
    distanceMeters: Math.max(1, Math.round(route.lengthMeters)),
    routePreview: routePreview(route.coordinates),
    checkpoints: toCourseCheckpoints(generateCheckpoints(route.coordinates)),
    elevation: routeElevation(route),
  };
}

/** Smoothed, hysteresis gain and loss and a sampled profile, when every vertex has an altitude. */
export function routeElevation(
  route: CheckedRoute,
): { gain: number; loss: number; profile: number[] } | null {
  if (!route.altitudes) return null;
  const points: GeoPoint[] = route.coordinates.map(([lng, lat], i) => ({
    lng,
    lat,
    ele: route.altitudes![i],
    time: null,
  }));
  const steps = points.map((point, i) =>
    i === 0 ? 0 : haversineMeters(points[i - 1].lat, points[i - 1].lng, point.lat, point.lng),
  );
  const summary = summarizeElevation(points, cumulativeDistances(steps));
  if (summary.minMeters === null || !Number.isFinite(summary.minMeters)) return null;
  return {
    gain: Math.round(summary.gainMeters),
    loss: Math.round(summary.lossMeters),
    profile: summary.profile,
  };
}

export function toCourseCheckpoints(checkpoints: ReturnType<typeof generateCheckpoints>): CourseCheckpoint[] {
  return checkpoints.map((checkpoint) => ({
    id: checkpoint.id,
    order: checkpoint.order,
    lat: checkpoint.lat,
    lng: checkpoint.lng,
    distance_from_start_meters: checkpoint.distanceFromStartMeters,
  }));
}
