import { distancesToCourse, type LngLat, prepareCourse, routeLength } from '@runvs/geo';

/** Longest route accepted (vertices): a 100 km ultra at one fix per second still fits. */
export const MAX_ROUTE_VERTICES = 50_000;
/** Shortest route accepted (metres, measured on the line): anything shorter is a point, not a course. */
export const MIN_ROUTE_METERS = 20;
/** At most this many bad coordinates are named in one answer. */
const MAX_NAMED_PROBLEMS = 5;

export interface FieldProblem {
  field: string;
  messages: string[];
}

export interface CheckedRoute {
  /** `[lng, lat]` pairs in the order sent (altitude dropped) */
  coordinates: LngLat[];
  /** altitude per vertex when every vertex carries one, else null */
  altitudes: number[] | null;
  /** WGS84 length in metres */
  lengthMeters: number;
}

/**
 * Checks a GeoJSON LineString sent by a client: type, 2…MAX_ROUTE_VERTICES vertices, each
 * `[lng, lat]` or `[lng, lat, alt]` of finite numbers in range, and a real length (a single
 * point repeated, or a line shorter than MIN_ROUTE_METERS, is not a route). Lines that cross
 * themselves (loops, figure-eights, out-and-back) are valid. Problems name the field.
 */
export function checkRouteGeometry(
  value: unknown,
  field = 'route_geometry',
): { route: CheckedRoute; problems: [] } | { route: null; problems: FieldProblem[] } {
  const fail = (path: string, message: string) => ({
    route: null,
    problems: [{ field: path, messages: [message] }],
  });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(field, `${field} must be a GeoJSON LineString object`);
  }
  const geometry = value as { type?: unknown; coordinates?: unknown };
  if (geometry.type !== 'LineString') return fail(`${field}.type`, `${field}.type must be "LineString"`);
  const raw = geometry.coordinates;
  if (!Array.isArray(raw)) return fail(`${field}.coordinates`, `${field}.coordinates must be an array`);
  if (raw.length < 2) {
    return fail(`${field}.coordinates`, `${field}.coordinates must have at least 2 positions`);
  }
  if (raw.length > MAX_ROUTE_VERTICES) {
    return fail(
      `${field}.coordinates`,
      `${field}.coordinates must have at most ${MAX_ROUTE_VERTICES} positions (got ${raw.length})`,
    );
  }

  const problems: FieldProblem[] = [];
  const coordinates: LngLat[] = [];
  const altitudes: number[] = [];
  let everyAltitude = true;
  for (let i = 0; i < raw.length && problems.length < MAX_NAMED_PROBLEMS; i++) {
    const message = positionProblem(raw[i]);
    if (message) {
      problems.push({ field: `${field}.coordinates[${i}]`, messages: [message] });
      continue;
    }
    const position = raw[i] as number[];
    coordinates.push([position[0], position[1]]);
    if (position.length === 3) altitudes.push(position[2]);
    else everyAltitude = false;
  }
  if (problems.length > 0) return { route: null, problems };

  const lengthMeters = routeLength(coordinates);
  if (!(lengthMeters >= MIN_ROUTE_METERS)) {
    return fail(
      `${field}.coordinates`,
      `${field} must be a line at least ${MIN_ROUTE_METERS} m long (got ${Math.round(lengthMeters)} m)`,
    );
  }
  return { route: { coordinates, altitudes: everyAltitude ? altitudes : null, lengthMeters }, problems: [] };
}

function positionProblem(position: unknown): string | null {
  if (!Array.isArray(position) || position.length < 2 || position.length > 3) {
    return 'each position must be [lng, lat] or [lng, lat, alt]';
  }
  if (!position.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    return 'each position must hold finite numbers';
  }
  const [lng, lat] = position as number[];
  if (lng < -180 || lng > 180) return `longitude ${lng} is outside -180…180`;
  if (lat < -90 || lat > 90) return `latitude ${lat} is outside -90…90`;
  return null;
}

/** A corrected line may move each vertex at most this far from the course's current line (§6.7). */
export const MAX_ROUTE_CORRECTION_METERS = 50;

/**
 * A route correction fixes the line, it does not draw a new course: every vertex of the
 * corrected line must lie within MAX_ROUTE_CORRECTION_METERS of the current line (geodesic
 * distance to the nearest segment). Problems name the vertex, e.g. `route_geometry.coordinates[7]`.
 */
export function correctionProblems(
  current: readonly LngLat[],
  corrected: readonly LngLat[],
  field = 'route_geometry',
): FieldProblem[] {
  const distances = distancesToCourse(
    prepareCourse(current.map(([lng, lat]) => [lng, lat])),
    corrected.map(([lng, lat]) => ({ lat, lng })),
  );
  const problems: FieldProblem[] = [];
  for (let i = 0; i < distances.length && problems.length < MAX_NAMED_PROBLEMS; i++) {
    const distance = distances[i];
    if (!(distance <= MAX_ROUTE_CORRECTION_METERS)) {
      problems.push({
        field: `${field}.coordinates[${i}]`,
        messages: [
          `${field}.coordinates[${i}] is ${Math.round(distance)} m from the course's line; a correction may move it at most ${MAX_ROUTE_CORRECTION_METERS} m`,
        ],
      });
    }
  }
  return problems;
}
