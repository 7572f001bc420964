import { geodesicMeters, type GeoPoint } from '@runvs/geo';
import type { DemoCourse } from './seoul';

export type LngLat = [number, number];

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** Roughly normal (sum of three uniforms), mean 0, sd ~1. */
export const gaussian = (random: () => number): number => (random() + random() + random() - 1.5) * 2;

/** The line with a vertex every `stepM` metres or so (hand-written waypoints are far apart). */
export function densify(waypoints: readonly LngLat[], stepM = 12): LngLat[] {
  const line: LngLat[] = [waypoints[0]];
  for (let i = 1; i < waypoints.length; i++) {
    const [lng0, lat0] = waypoints[i - 1];
    const [lng1, lat1] = waypoints[i];
    const steps = Math.max(1, Math.round(geodesicMeters(lat0, lng0, lat1, lng1) / stepM));
    for (let s = 1; s <= steps; s++) {
      const f = s / steps;
      line.push([round6(lng0 + (lng1 - lng0) * f), round6(lat0 + (lat1 - lat0) * f)]);
    }
  }
  return line;
}

/** The course as it is run: densified, and there and back for an out-and-back course. */
export function courseLine(course: DemoCourse): LngLat[] {
  const out = densify(course.waypoints);
  return course.outAndBack ? [...out, ...out.slice(0, -1).reverse()] : out;
}

export function lineLength(line: readonly LngLat[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += segment(line, i);
  return total;
}

/** The part of a line between two distances along it (a free run along part of a route). */
export function partOfLine(line: readonly LngLat[], fromM: number, toM: number): LngLat[] {
  const part: LngLat[] = [];
  let at = 0;
  for (let i = 0; i < line.length; i++) {
    if (i > 0) at += segment(line, i);
    if (at >= fromM && at <= toM) part.push(line[i]);
  }
  return part.length >= 2 ? part : line.slice(0, 2);
}

export interface TrackOptions {
  startMs: number;
  /** the runner's average pace on this run (s/km) */
  paceSecondsPerKm: number;
  /** seconds between GPS fixes */
  intervalS: number;
  baseElevation: number;
  climb: number;
  loops?: number;
}

/**
 * A phone's GPS track of a run along `line`: a fix every `intervalS` seconds, a pace that drifts
 * (a slower start, a faster finish, small surges), slower on the climbs, and GPS noise that
 * wanders a few metres either side of the path; accuracy 4–12 m; elevation following the line's
 * profile. Deterministic for a given `random`.
 */
export function trackAlong(
  line: readonly LngLat[],
  random: () => number,
  options: TrackOptions,
): Array<GeoPoint & { accuracy: number }> {
  const laps = Math.max(1, options.loops ?? 1);
  const path: LngLat[] = [];
  for (let lap = 0; lap < laps; lap++) path.push(...(lap === 0 ? line : line.slice(1)));
  const cumulative = [0];
  for (let i = 1; i < path.length; i++) cumulative.push(cumulative[i - 1] + segment(path, i));
  const total = cumulative[cumulative.length - 1];
  const baseSpeed = 1000 / options.paceSecondsPerKm;
  const points: Array<GeoPoint & { accuracy: number }> = [];
  let distance = 0;
  let lateral = 0;
  let index = 0;
  let surge = 0;
  for (let t = 0; ; t += options.intervalS) {
    const [lng, lat] = pointAt(path, cumulative, distance, index);
    index = lng.index;
    const heading = headingAt(path, index);
    lateral = Math.max(-7, Math.min(7, lateral * 0.85 + gaussian(random) * 1.1));
    // Sideways from the direction of travel: (−sin h, cos h) in (east, north).
    const offsetLat = (Math.cos(heading) * lateral) / 111_320;
    const offsetLng = (-Math.sin(heading) * lateral) / (111_320 * Math.cos((lat * Math.PI) / 180));
    const progress = distance / total;
    const elevation =
      options.baseElevation +
      options.climb * Math.sin(Math.PI * ((progress * laps) % 1)) +
      gaussian(random) * 0.3;
    points.push({
      lat: round6(lat + offsetLat),
      lng: round6(lng.value + offsetLng),
      ele: Math.round(elevation * 10) / 10,
      time: options.startMs + t * 1000,
      accuracy: Math.round(4 + random() * 8),
    });
    if (distance >= total) break;
    surge = surge * 0.95 + gaussian(random) * 0.01;
    const warmUp = progress < 0.08 ? 0.94 : 1;
    const kick = progress > 0.9 ? 1.05 : 1;
    const uphill = Math.cos(Math.PI * ((progress * laps) % 1)) * (options.climb / 400);
    const speed = Math.max(1.2, baseSpeed * warmUp * kick * (1 + surge - uphill));
    distance = Math.min(total, distance + speed * options.intervalS);
  }
  return points;
}

function pointAt(
  path: readonly LngLat[],
  cumulative: readonly number[],
  distance: number,
  from: number,
): [{ value: number; index: number }, number] {
  let i = from;
  while (i < path.length - 2 && cumulative[i + 1] < distance) i++;
  const span = cumulative[i + 1] - cumulative[i] || 1;
  const f = Math.min(1, (distance - cumulative[i]) / span);
  return [
    { value: path[i][0] + (path[i + 1][0] - path[i][0]) * f, index: i },
    path[i][1] + (path[i + 1][1] - path[i][1]) * f,
  ];
}

/** Direction of travel at a vertex (radians, east = 0, north = π/2) in a local flat frame. */
function headingAt(path: readonly LngLat[], i: number): number {
  const [lng0, lat0] = path[i];
  const [lng1, lat1] = path[Math.min(i + 1, path.length - 1)];
  return Math.atan2(lat1 - lat0, (lng1 - lng0) * Math.cos((lat0 * Math.PI) / 180));
}

function segment(line: readonly LngLat[], i: number): number {
  return geodesicMeters(line[i - 1][1], line[i - 1][0], line[i][1], line[i][0]);
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
