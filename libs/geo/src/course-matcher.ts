import { classifyCurvedSegments } from './curvature';
import { createLocalProjection, geodesicMeters, geodesicMetersFast, wrapLngDelta } from './distance';
import { closestOnArc, fromVector, greatCirclePoint, toUnitVector } from './great-circle';
import { SegmentGrid, type NearestSegment } from './segment-grid';
import type { LatLng, LineCoordinates } from './types';

/** §5: a point within this of a straight course segment matches. */
export const STRAIGHT_THRESHOLD_M = 50;
/** §5: curved segments get 10 m more. */
export const CURVED_THRESHOLD_M = 60;
/** SPEC: a point further than this (+10 m on curves) deserves a warning; informational only. */
export const WARNING_THRESHOLD_M = 30;
export const CURVED_WARNING_THRESHOLD_M = 40;
/** §5 / Decision 2: at least this share of the run's points must match. */
export const MIN_MATCH_RATIO = 0.8;
/** Decision 2: in-order progress must advance through at least this share of the course. */
export const MIN_COVERAGE_RATIO = 0.9;
/**
 * Run start ↔ course start and run end ↔ course end. The client's own finish rule is 50 m; we
 * allow 100 m because the first fixes of a run are often the worst (cold GPS) and order is
 * already enforced by coverage.
 */
export const START_PROXIMITY_M = 100;
export const FINISH_PROXIMITY_M = 100;
/** Below this the match percentage says nothing (the §5 worked examples use 10–11 points). */
export const MIN_RUN_POINTS = 10;
/**
 * One continuous off-course stretch of the run (path length between two matching points) may be
 * at most max(500 m, 20 % of the course). Point-count matching alone can be fooled by sparse
 * sampling off course (smart recording), and a long stretch on another street is not the course.
 */
export const MAX_OFF_COURSE_MIN_M = 500;
export const MAX_OFF_COURSE_RATIO = 0.2;

/**
 * Longer course segments are split along the great circle before indexing, so the planar
 * segments follow PostGIS's geography edges (great-circle arcs) to a few centimetres (a 1 km
 * chord sags ℓ²·tan φ / 8R from its arc: 3 cm at 60° N).
 */
const MAX_INDEXED_SEGMENT_M = 1000;
/**
 * Beyond this distance from the course the nearest point is found the way PostGIS finds it — on
 * the sphere, along great-circle edges — before the spheroid distance is taken. Nearer than this
 * the planar nearest point agrees with PostGIS to a few centimetres; kilometres away the two
 * choices can differ by metres (PostGIS's own spherical choice is not the exact ellipsoidal
 * minimum either, but agreeing with PostGIS is the contract).
 */
const SPHERICAL_SEARCH_FROM_M = 100;
/** Segments whose planar distance is within this of the nearest are re-judged on the sphere. */
const SPHERICAL_CANDIDATE_RATIO = 1.02;
const SPHERICAL_CANDIDATE_SLACK_M = 2;
/** Segments per block of the coarse index used for the (rare) far-point search. */
const BLOCK = 32;

/**
 * In-order progress tracking (Decision 2). Progress p is a distance along the course. The
 * runner's "allowance" is how much course their own movement since they were last seen at p can
 * account for: each step between two matched points counts PROGRESS_STRETCH × its length (a GPS
 * gap in a tunnel, or a course line drawn longer than the chord between two fixes), an
 * off-course excursion the straight line from where it left the course to where it rejoined.
 * Each point then looks at the course locations within its threshold:
 * - "here": along ∈ [p − PROGRESS_JITTER_M, p + allowance + PROGRESS_SLACK_M]; the nearest wins,
 *   moving p forward credits the advance to coverage, and the allowance restarts.
 * - "behind" (up to PROGRESS_BACK_M back, used only when nothing is "here"): on course, no credit,
 *   the allowance restarts.
 * - "ahead" only: a relocation (rejoining after a shortcut, or after the track was lost). It needs
 *   RELOCATION_CONFIRM_POINTS consecutive points progressing there, and the skipped stretch is
 *   credited at most allowance + PROGRESS_SLACK_M.
 * Hence a shortcut loses the course length it skipped beyond the distance actually run (plus
 * slack), a reversed or out-of-order run advances only through what it ran in the course's
 * direction, and overlapping parts of loops, figure-eights and out-and-backs are told apart by
 * where the runner already is, while a detour or a GPS glitch that is as long as what it
 * skipped costs nothing.
 */
const PROGRESS_STRETCH = 1.25;
const PROGRESS_SLACK_M = 100;
const PROGRESS_BACK_M = 100;
/** Candidates this close behind progress still count as "here" when choosing the nearest. */
const PROGRESS_JITTER_M = 20;
const RELOCATION_CONFIRM_POINTS = 3;

export type CourseMatchReason =
  | 'INVALID_COURSE'
  | 'NOT_ENOUGH_POINTS'
  | 'START_TOO_FAR'
  | 'FINISH_TOO_FAR'
  | 'LOW_MATCH_PERCENT'
  | 'TOO_MANY_DEVIATIONS'
  | 'LOW_COVERAGE';

export interface CourseMatchOptions {
  straightThresholdMeters?: number;
  curvedThresholdMeters?: number;
  minMatchRatio?: number;
  minCoverageRatio?: number;
  startProximityMeters?: number;
  finishProximityMeters?: number;
  minPoints?: number;
  /** overrides max(MAX_OFF_COURSE_MIN_M, MAX_OFF_COURSE_RATIO × course length) */
  maxOffCourseMeters?: number;
  /**
   * When given (length ≥ the number of run points), receives for each run point the in-order
   * progress along the course after that point, in metres of course length (never decreasing;
   * NaN for unusable points). Ghost profiles are built from it.
   */
  progressOut?: Float64Array;
}

export interface CourseMatchResult {
  isCompleted: boolean;
  /** matched / total × 100, 1 dp */
  routeMatchPercent: number;
  /** largest distance of a run point to the course (WGS84, like PostGIS geography), 1 dp */
  maxDeviationMeters: number;
  deviationPoints: number;
  /** points beyond the warning distance (30 m, 40 m near curves), matched or not */
  warningPoints: number;
  matchedPoints: number;
  totalPoints: number;
  /** share of the course length advanced through in order, 1 dp */
  coveragePercent: number;
  /** run's first point to the course's first vertex, 1 dp; null without points */
  startDistanceMeters: number | null;
  /** run's last point to the course's last vertex, 1 dp; null without points */
  finishDistanceMeters: number | null;
  /** longest continuous off-course stretch of the run, metres, 1 dp */
  longestOffCourseMeters: number;
  /** number of curved course segments (§5 `curve_section_count`) */
  curveSectionCount: number;
  courseLengthMeters: number;
  /** why it is not completed; empty when completed */
  reasons: CourseMatchReason[];
}

/** Where a position falls relative to a course. */
export interface CourseLocation {
  /** WGS84 distance to the nearest point of the course */
  distanceMeters: number;
  /** distance from the course start to that nearest point, along the course */
  alongMeters: number;
  lat: number;
  lng: number;
  /** whether the nearest segment is curved (60 m rule) */
  curved: boolean;
}

/**
 * A course line made ready for matching: projected to a metric plane, with cumulative lengths,
 * curve flags and a segment grid. Build once per course with `prepareCourse` and reuse it for
 * every run; it is immutable apart from internal scratch buffers (matching is synchronous, so
 * sharing one instance is safe).
 */
export class PreparedCourse {
  /** course vertices after dropping consecutive duplicates */
  readonly vertexCount: number;
  /** sum of WGS84 geodesic segment lengths */
  readonly lengthMeters: number;
  readonly curveSectionCount: number;
  readonly start: LatLng | null;
  readonly end: LatLng | null;

  /** @internal planar/indexed representation (densified) */
  readonly lats: Float64Array;
  /** @internal */
  readonly lngs: Float64Array;
  /** @internal */
  readonly xs: Float64Array;
  /** @internal */
  readonly ys: Float64Array;
  /** @internal planar cumulative length at each indexed vertex */
  readonly cumulative: Float64Array;
  /** @internal one flag per indexed segment */
  readonly curved: Uint8Array;
  /** @internal */
  readonly grid: SegmentGrid;
  /** @internal */
  readonly refLat: number;
  /** @internal */
  readonly refLng: number;
  /** @internal */
  readonly kx: number;
  /** @internal */
  readonly ky: number;

  // Scratch buffers for grid queries, reused by every call.
  /** @internal */
  readonly candSeg: Int32Array;
  /** @internal */
  readonly candT: Float64Array;
  /** @internal */
  readonly candD2: Float64Array;
  /** @internal */
  readonly nearestSlot: NearestSegment = { segment: -1, t: 0, dist2: Infinity };

  constructor(coordinates: LineCoordinates) {
    const rawLats: number[] = [];
    const rawLngs: number[] = [];
    coordinates.forEach((c, i) => {
      const lng = c[0];
      const lat = c[1];
      if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
        throw new RangeError(`course coordinate ${i} is not a valid [lng, lat]: ${JSON.stringify(c)}`);
      }
      const last = rawLats.length - 1;
      if (last >= 0 && rawLats[last] === lat && rawLngs[last] === lng) return;
      rawLats.push(lat);
      rawLngs.push(lng);
    });
    const n = rawLats.length;
    this.vertexCount = n;
    this.start = n > 0 ? { lat: rawLats[0], lng: rawLngs[0] } : null;
    this.end = n > 0 ? { lat: rawLats[n - 1], lng: rawLngs[n - 1] } : null;

    let sumLat = 0;
    for (const lat of rawLats) sumLat += lat;
    this.refLat = n > 0 ? sumLat / n : 0;
    this.refLng = n > 0 ? rawLngs[0] : 0;
    const projection = createLocalProjection(this.refLat, this.refLng);
    this.kx = projection.kx;
    this.ky = projection.ky;

    // Curves are classified on the course's own vertices (§5), then inherited by sub-segments.
    const rawXs = rawLngs.map((lng) => projection.x(lng));
    const rawYs = rawLats.map((lat) => projection.y(lat));
    const rawCurved = classifyCurvedSegments(rawXs, rawYs);
    let curveCount = 0;
    for (const f of rawCurved) curveCount += f;
    this.curveSectionCount = curveCount;

    const lats: number[] = [];
    const lngs: number[] = [];
    const curved: number[] = [];
    let length = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        const segLen = geodesicMeters(rawLats[i - 1], rawLngs[i - 1], rawLats[i], rawLngs[i]);
        length += segLen;
        const parts = Math.ceil(segLen / MAX_INDEXED_SEGMENT_M);
        for (let k = 1; k < parts; k++) {
          const [lat, lng] = greatCirclePoint(
            rawLats[i - 1],
            rawLngs[i - 1],
            rawLats[i],
            rawLngs[i],
            k / parts,
          );
          lats.push(lat);
          lngs.push(lng);
          curved.push(rawCurved[i - 1]);
        }
        curved.push(rawCurved[i - 1]);
      }
      lats.push(rawLats[i]);
      lngs.push(rawLngs[i]);
    }
    this.lengthMeters = length;
    this.lats = Float64Array.from(lats);
    this.lngs = Float64Array.from(lngs);
    this.xs = Float64Array.from(lngs, (lng) => projection.x(lng));
    this.ys = Float64Array.from(lats, (lat) => projection.y(lat));
    this.curved = Uint8Array.from(curved);
    const cumulative = new Float64Array(lats.length);
    for (let i = 1; i < lats.length; i++) {
      cumulative[i] =
        cumulative[i - 1] + Math.hypot(this.xs[i] - this.xs[i - 1], this.ys[i] - this.ys[i - 1]);
    }
    this.cumulative = cumulative;
    this.grid = new SegmentGrid(this.xs, this.ys);
    const segCount = Math.max(0, lats.length - 1);
    this.candSeg = new Int32Array(segCount);
    this.candT = new Float64Array(segCount);
    this.candD2 = new Float64Array(segCount);
  }

  private unitVectors: Float64Array | null = null;
  private blockBoxes: Float64Array | null = null;
  private readonly arcPoint = new Float64Array(3);
  private readonly pointVector = new Float64Array(3);

  /**
   * @internal PostGIS-style distance for a position far from the course: among the segments
   * whose planar distance is within 2 % (+2 m) of the planar nearest, the closest point on the
   * great-circle edges wins, and the WGS84 geodesic to it is returned.
   */
  sphericalDistance(lat: number, lng: number, px: number, py: number, planarNearest: number): number {
    if (!this.unitVectors || !this.blockBoxes) this.buildSphericalIndex();
    const uv = this.unitVectors as Float64Array;
    const boxes = this.blockBoxes as Float64Array;
    const limit = planarNearest * SPHERICAL_CANDIDATE_RATIO + SPHERICAL_CANDIDATE_SLACK_M;
    const limit2 = limit * limit;
    const p = this.pointVector;
    toUnitVector(lat, lng, p);
    const segCount = this.segmentCount;
    const tmp = this.candT;
    let bestAngle = Infinity;
    let bx = 0;
    let by = 0;
    let bz = 0;
    for (let b = 0; b * BLOCK < segCount; b++) {
      const o = b * 4;
      const dx = Math.max(boxes[o] - px, 0, px - boxes[o + 2]);
      const dy = Math.max(boxes[o + 1] - py, 0, py - boxes[o + 3]);
      if (dx * dx + dy * dy > limit2) continue;
      const end = Math.min(segCount, (b + 1) * BLOCK);
      for (let sIdx = b * BLOCK; sIdx < end; sIdx++) {
        if (this.grid.segmentDist2(sIdx, px, py, tmp) > limit2) continue;
        const a3 = sIdx * 3;
        const angle = closestOnArc(
          p[0],
          p[1],
          p[2],
          uv[a3],
          uv[a3 + 1],
          uv[a3 + 2],
          uv[a3 + 3],
          uv[a3 + 4],
          uv[a3 + 5],
          this.arcPoint,
        );
        if (angle < bestAngle) {
          bestAngle = angle;
          bx = this.arcPoint[0];
          by = this.arcPoint[1];
          bz = this.arcPoint[2];
        }
      }
    }
    const [nLat, nLng] = fromVector(bx, by, bz);
    return geodesicMeters(lat, lng, nLat, nLng);
  }

  private buildSphericalIndex(): void {
    const n = this.lats.length;
    const uv = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) toUnitVector(this.lats[i], this.lngs[i], uv, i * 3);
    const segCount = this.segmentCount;
    const blocks = Math.ceil(segCount / BLOCK);
    const boxes = new Float64Array(blocks * 4);
    for (let b = 0; b < blocks; b++) {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let v = b * BLOCK; v <= Math.min(segCount, (b + 1) * BLOCK); v++) {
        minX = Math.min(minX, this.xs[v]);
        maxX = Math.max(maxX, this.xs[v]);
        minY = Math.min(minY, this.ys[v]);
        maxY = Math.max(maxY, this.ys[v]);
      }
      boxes.set([minX, minY, maxX, maxY], b * 4);
    }
    this.unitVectors = uv;
    this.blockBoxes = boxes;
  }

  /** number of indexed segments (after densification); 0 for a course under 2 points */
  get segmentCount(): number {
    return this.candSeg.length;
  }
}

/** Build the matching structures for a course line (`[lng, lat]` or `[lng, lat, alt]`). */
export function prepareCourse(line: LineCoordinates): PreparedCourse {
  return new PreparedCourse(line);
}

/**
 * Nearest course segment for a planar point: the grid's radius query already left it in
 * `course.nearestSlot` when anything was within the radius; otherwise a full grid search.
 */
function nearestSegment(course: PreparedCourse, count: number, px: number, py: number): number {
  if (count === 0) course.grid.nearest(px, py, course.nearestSlot);
  return course.nearestSlot.segment;
}

/** WGS84 distance from (lat, lng) to the point at parameter t of indexed segment s. */
function geodesicToSegmentPoint(
  course: PreparedCourse,
  s: number,
  t: number,
  lat: number,
  lng: number,
): number {
  const nLat = course.lats[s] + t * (course.lats[s + 1] - course.lats[s]);
  const nLng = course.lngs[s] + t * wrapLngDelta(course.lngs[s + 1] - course.lngs[s]);
  return geodesicMetersFast(lat, lng, nLat, nLng);
}

function isUsable(p: LatLng): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}

/**
 * WGS84 distance from each point to the course line, in input order (NaN for unusable points):
 * the nearest point is found in the course's metric plane, then measured with the ellipsoidal
 * geodesic, which is how PostGIS measures `ST_Distance(point::geography, line::geography)`.
 */
export function distancesToCourse(course: PreparedCourse, points: ArrayLike<LatLng>): Float64Array {
  const out = new Float64Array(points.length);
  const searchRadius = CURVED_THRESHOLD_M;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!isUsable(p) || course.segmentCount === 0) {
      out[i] =
        course.segmentCount === 0 && course.start && isUsable(p)
          ? geodesicMeters(p.lat, p.lng, course.start.lat, course.start.lng)
          : NaN;
      continue;
    }
    const px = wrapLngDelta(p.lng - course.refLng) * course.kx;
    const py = (p.lat - course.refLat) * course.ky;
    const count = course.grid.within(
      px,
      py,
      searchRadius,
      course.candSeg,
      course.candT,
      course.candD2,
      course.nearestSlot,
    );
    const s = nearestSegment(course, count, px, py);
    const planar = Math.sqrt(course.nearestSlot.dist2);
    out[i] =
      planar > SPHERICAL_SEARCH_FROM_M
        ? course.sphericalDistance(p.lat, p.lng, px, py, planar)
        : geodesicToSegmentPoint(course, s, course.nearestSlot.t, p.lat, p.lng);
  }
  return out;
}

/** Nearest location on the course for one position, or null for a course under 2 points. */
export function locateOnCourse(course: PreparedCourse, point: LatLng): CourseLocation | null {
  if (course.segmentCount === 0 || !isUsable(point)) return null;
  const px = wrapLngDelta(point.lng - course.refLng) * course.kx;
  const py = (point.lat - course.refLat) * course.ky;
  course.grid.nearest(px, py, course.nearestSlot);
  const s = course.nearestSlot.segment;
  const t = course.nearestSlot.t;
  const lat = course.lats[s] + t * (course.lats[s + 1] - course.lats[s]);
  const lngRaw = course.lngs[s] + t * wrapLngDelta(course.lngs[s + 1] - course.lngs[s]);
  const lng = lngRaw > 180 ? lngRaw - 360 : lngRaw < -180 ? lngRaw + 360 : lngRaw;
  const planar = Math.sqrt(course.nearestSlot.dist2);
  return {
    distanceMeters:
      planar > SPHERICAL_SEARCH_FROM_M
        ? course.sphericalDistance(point.lat, point.lng, px, py, planar)
        : geodesicMetersFast(point.lat, point.lng, lat, lng),
    alongMeters: course.cumulative[s] + t * (course.cumulative[s + 1] - course.cumulative[s]),
    lat,
    lng,
    curved: course.curved[s] === 1,
  };
}

/**
 * The largest deviation measured the PostGIS way, for runs that went far from the course: only
 * the points whose planar measure puts them near the maximum can be the maximum.
 */
function sphericalMaxDeviation(
  course: PreparedCourse,
  points: ArrayLike<LatLng>,
  devs: Float64Array,
  approxMax: number,
): number {
  const floor = approxMax * 0.97 - 1;
  let max = 0;
  for (let i = 0; i < points.length; i++) {
    if (!(devs[i] >= floor)) continue;
    const p = points[i];
    const px = wrapLngDelta(p.lng - course.refLng) * course.kx;
    const py = (p.lat - course.refLat) * course.ky;
    course.grid.nearest(px, py, course.nearestSlot);
    const d = course.sphericalDistance(p.lat, p.lng, px, py, Math.sqrt(course.nearestSlot.dist2));
    if (d > max) max = d;
  }
  return max;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/**
 * Match a run against a prepared course (§5 with Decision 2). Completed when, together:
 * enough points (≥ 10), ≥ 80 % of them within 50 m (60 m near curves) of the course, in-order
 * coverage ≥ 90 % of the course length, no off-course stretch longer than
 * max(500 m, 20 % of the course), and the run starts and ends within 100 m of the course's start
 * and end. Points should be cleaned (`cleanTrack`) first; unusable coordinates are skipped.
 */
export function matchRunToCourse(
  course: PreparedCourse,
  runPoints: ArrayLike<LatLng>,
  options: CourseMatchOptions = {},
): CourseMatchResult {
  const straightThr = options.straightThresholdMeters ?? STRAIGHT_THRESHOLD_M;
  const curvedThr = options.curvedThresholdMeters ?? CURVED_THRESHOLD_M;
  const minMatch = options.minMatchRatio ?? MIN_MATCH_RATIO;
  const minCoverage = options.minCoverageRatio ?? MIN_COVERAGE_RATIO;
  const startProx = options.startProximityMeters ?? START_PROXIMITY_M;
  const finishProx = options.finishProximityMeters ?? FINISH_PROXIMITY_M;
  const minPoints = options.minPoints ?? MIN_RUN_POINTS;
  const maxOffCourse =
    options.maxOffCourseMeters ?? Math.max(MAX_OFF_COURSE_MIN_M, MAX_OFF_COURSE_RATIO * course.lengthMeters);

  const result: CourseMatchResult = {
    isCompleted: false,
    routeMatchPercent: 0,
    maxDeviationMeters: 0,
    deviationPoints: 0,
    warningPoints: 0,
    matchedPoints: 0,
    totalPoints: 0,
    coveragePercent: 0,
    startDistanceMeters: null,
    finishDistanceMeters: null,
    longestOffCourseMeters: 0,
    curveSectionCount: course.curveSectionCount,
    courseLengthMeters: round1(course.lengthMeters),
    reasons: [],
  };
  if (course.segmentCount === 0) {
    result.reasons.push('INVALID_COURSE');
    return result;
  }

  const { kx, ky, refLat, refLng, cumulative, curved, candSeg, candT, candD2, grid } = course;
  const planarLength = cumulative[cumulative.length - 1];
  const searchRadius = Math.max(straightThr, curvedThr);
  const straightThr2 = straightThr * straightThr;
  const curvedThr2 = curvedThr * curvedThr;

  let total = 0;
  const devs = new Float64Array(runPoints.length);
  let matched = 0;
  let warnings = 0;
  let maxDev = 0;
  let first: LatLng | null = null;
  let last: LatLng | null = null;

  // Off-course stretches.
  let pathSinceMatched = 0;
  let prevMatched = true;
  let longestOff = 0;

  // In-order progress.
  let progress = 0;
  let covered = 0;
  let allowance = 0;
  let pendingActive = false;
  let pendingS = 0;
  let pendingCredit = 0;
  let pendingAdvance = 0;
  let pendingAllowance = 0;
  let pendingCount = 0;

  let prevX = 0;
  let prevY = 0;
  // Last matched position (or the first point): where an off-course excursion started.
  let leftX = NaN;
  let leftY = NaN;

  const progressOut = options.progressOut;
  const progressScale = planarLength > 0 ? course.lengthMeters / planarLength : 0;
  for (let i = 0; i < runPoints.length; i++) {
    const p = runPoints[i];
    if (!isUsable(p)) {
      if (progressOut) progressOut[i] = NaN;
      continue;
    }
    const px = wrapLngDelta(p.lng - refLng) * kx;
    const py = (p.lat - refLat) * ky;
    // Math.hypot is several times slower than sqrt in V8; this loop runs per GPS point.
    const sdx = px - prevX;
    const sdy = py - prevY;
    const step = total > 0 ? Math.sqrt(sdx * sdx + sdy * sdy) : 0;
    prevX = px;
    prevY = py;
    total++;
    if (first === null) {
      first = p;
      leftX = px;
      leftY = py;
    }
    last = p;

    // Distance and match against the nearest segment anywhere on the course (§5).
    const count = grid.within(px, py, searchRadius, candSeg, candT, candD2, course.nearestSlot);
    const s = nearestSegment(course, count, px, py);
    const dev = geodesicToSegmentPoint(course, s, course.nearestSlot.t, p.lat, p.lng);
    devs[i] = dev;
    if (dev > maxDev) maxDev = dev;
    const isCurved = curved[s] === 1;
    const isMatched = dev <= (isCurved ? curvedThr : straightThr);
    if (dev > (isCurved ? CURVED_WARNING_THRESHOLD_M : WARNING_THRESHOLD_M)) warnings++;
    const prevWasMatched = prevMatched;
    pathSinceMatched += step;
    if (isMatched) {
      matched++;
      if (!prevMatched && pathSinceMatched > longestOff) longestOff = pathSinceMatched;
      pathSinceMatched = 0;
    }
    prevMatched = isMatched;

    // Progress along the course, from the candidate locations within their threshold.
    let reach = 0;
    if (isMatched) {
      // Back on the course after an excursion: the straight line from where the runner left, not
      // the sum of noisy off-course steps (1 Hz noise inflates those by half).
      const lx = px - leftX;
      const ly = py - leftY;
      reach = prevWasMatched ? PROGRESS_STRETCH * step : Math.sqrt(lx * lx + ly * ly);
      leftX = px;
      leftY = py;
    }
    allowance += reach;
    if (pendingActive) pendingAllowance += reach;
    const hi = progress + allowance + PROGRESS_SLACK_M;
    const lo = progress - PROGRESS_BACK_M;
    const jitterLo = progress - PROGRESS_JITTER_M;
    const pHi = pendingS + pendingAllowance + PROGRESS_SLACK_M;
    const pLo = pendingS - PROGRESS_BACK_M;
    let localS = NaN;
    let localD2 = Infinity;
    let behindD2 = Infinity;
    let pendS = NaN;
    let pendD2 = Infinity;
    let aheadS = Infinity;
    for (let k = 0; k < count; k++) {
      const seg = candSeg[k];
      const d2 = candD2[k];
      if (d2 > (curved[seg] === 1 ? curvedThr2 : straightThr2)) continue;
      const along = cumulative[seg] + candT[k] * (cumulative[seg + 1] - cumulative[seg]);
      if (along > hi) {
        if (along < aheadS) aheadS = along;
        if (
          pendingActive &&
          along >= pLo &&
          along <= pHi &&
          (d2 < pendD2 || (d2 === pendD2 && along > pendS))
        ) {
          pendD2 = d2;
          pendS = along;
        }
      } else if (along >= jitterLo) {
        // Nearest wins; on a tie (overlapping out-and-back legs) the one further along.
        if (d2 < localD2 || (d2 === localD2 && along > localS)) {
          localD2 = d2;
          localS = along;
        }
      } else if (along >= lo && d2 < behindD2) {
        behindD2 = d2;
      }
    }

    if (localD2 !== Infinity || behindD2 !== Infinity) {
      // At (or just behind) the current progress: the runner is demonstrably here, so distance
      // run until now cannot justify a later jump ahead. Behind candidates only count when nothing
      // at or ahead of progress is near, so an overlapping earlier leg cannot hold progress back.
      pendingActive = false;
      allowance = 0;
      if (localD2 !== Infinity && localS > progress) {
        covered += localS - progress;
        progress = localS;
      }
    } else if (pendingActive && pendD2 !== Infinity) {
      if (pendS > pendingS) {
        pendingAdvance += pendS - pendingS;
        pendingS = pendS;
      }
      pendingAllowance = 0;
      pendingCount++;
      if (pendingCount >= RELOCATION_CONFIRM_POINTS) {
        covered += pendingCredit + pendingAdvance;
        progress = pendingS;
        allowance = 0;
        pendingActive = false;
      }
    } else if (aheadS !== Infinity) {
      pendingActive = true;
      pendingS = aheadS;
      pendingCredit = Math.min(aheadS - progress, allowance + PROGRESS_SLACK_M);
      pendingAdvance = 0;
      pendingAllowance = 0;
      pendingCount = 1;
      if (pendingCount >= RELOCATION_CONFIRM_POINTS) {
        covered += pendingCredit;
        progress = pendingS;
        allowance = 0;
        pendingActive = false;
      }
    } else {
      pendingActive = false;
    }
    if (progressOut) progressOut[i] = progress * progressScale;
  }
  if (!prevMatched && pathSinceMatched > longestOff) longestOff = pathSinceMatched;

  result.totalPoints = total;
  result.matchedPoints = matched;
  result.deviationPoints = total - matched;
  result.warningPoints = warnings;
  if (maxDev > SPHERICAL_SEARCH_FROM_M) maxDev = sphericalMaxDeviation(course, runPoints, devs, maxDev);
  result.maxDeviationMeters = round1(maxDev);
  result.routeMatchPercent = total > 0 ? round1((matched / total) * 100) : 0;
  const coverage = planarLength > 0 ? Math.min(1, covered / planarLength) : 0;
  result.coveragePercent = round1(coverage * 100);
  result.longestOffCourseMeters = round1(longestOff);

  const reasons = result.reasons;
  if (total < Math.max(1, minPoints)) reasons.push('NOT_ENOUGH_POINTS');
  if (first && last && course.start && course.end) {
    const startDist = geodesicMeters(first.lat, first.lng, course.start.lat, course.start.lng);
    const finishDist = geodesicMeters(last.lat, last.lng, course.end.lat, course.end.lng);
    result.startDistanceMeters = round1(startDist);
    result.finishDistanceMeters = round1(finishDist);
    if (startDist > startProx) reasons.push('START_TOO_FAR');
    if (finishDist > finishProx) reasons.push('FINISH_TOO_FAR');
  }
  if (total === 0 || matched / total < minMatch) reasons.push('LOW_MATCH_PERCENT');
  if (longestOff > maxOffCourse) reasons.push('TOO_MANY_DEVIATIONS');
  if (coverage < minCoverage) reasons.push('LOW_COVERAGE');
  result.isCompleted = reasons.length === 0;
  return result;
}
