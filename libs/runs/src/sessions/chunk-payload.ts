import { createHash } from 'node:crypto';
import type { GeoPoint } from '@runvs/geo';

/** Sequences of chunks the app sends while going to the background (contract §5.2 step 4). */
export const EMERGENCY_SEQUENCE_START = 900_000;
export const MAX_CHUNK_SEQUENCE = 1_000_000;
export const MAX_POINTS_PER_CHUNK = 10_000;
/** No GPS fix is older than this (2000-01-01): anything earlier is a unit mistake (seconds, not ms). */
export const MIN_POINT_TIMESTAMP_MS = 946_684_800_000;
/** A fix may be at most this far in the future of the server's clock (phone clock drift). */
export const MAX_FUTURE_SKEW_MS = 24 * 3_600_000;

export type ChunkType = 'intermediate' | 'final' | 'emergency';

/** A GPS sample as the app sends it (contract §5.1). */
export interface ChunkPoint {
  lat: number;
  lng: number;
  alt?: number | null;
  speed?: number | null;
  bearing?: number | null;
  accuracy?: number | null;
  timestamp: number;
  is_interpolated?: boolean;
}

/** One chunk as the app sends it (snake_case, stored verbatim). */
export interface ChunkUpload {
  sequence: number;
  chunk_type: ChunkType;
  raw_gps_points: ChunkPoint[];
  filtered_points?: ChunkPoint[] | null;
  chunk_summary?: Record<string, unknown> | null;
  cumulative?: Record<string, unknown> | null;
  completed_splits?: unknown[] | null;
  pause_intervals?: unknown[] | null;
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkRange(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  min: number,
  max: number,
  required: boolean,
): void {
  if (value === undefined || value === null) {
    if (required) problems.push({ field, messages: [`${field} is required`] });
    return;
  }
  if (!isNumber(value)) {
    problems.push({ field, messages: [`${field} must be a finite number`] });
  } else if (value < min || value > max) {
    problems.push({ field, messages: [`${field} must be between ${min} and ${max}`] });
  }
}

/**
 * Checks every point of a list: coordinates in range, finite numbers (no NaN/∞ or strings),
 * speed/accuracy ≥ 0, bearing 0–360, an integer millisecond timestamp that is neither before 2000
 * nor a day ahead of `nowMs`. Hand-written rather than class-validator: a 300-point chunk is
 * checked in microseconds, and each problem names its field (`raw_gps_points[12].lat`).
 * Reports at most `limit` problems.
 */
export function validatePoints(points: unknown, listName: string, nowMs: number, limit = 20): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(points)) return [{ field: listName, messages: [`${listName} must be an array`] }];
  if (points.length > MAX_POINTS_PER_CHUNK) {
    return [
      { field: listName, messages: [`${listName} must contain at most ${MAX_POINTS_PER_CHUNK} points`] },
    ];
  }
  const maxTime = nowMs + MAX_FUTURE_SKEW_MS;
  for (let i = 0; i < points.length && problems.length < limit; i++) {
    const p = points[i] as Record<string, unknown> | null;
    const at = `${listName}[${i}]`;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) {
      problems.push({ field: at, messages: [`${at} must be an object`] });
      continue;
    }
    checkRange(problems, `${at}.lat`, p.lat, -90, 90, true);
    checkRange(problems, `${at}.lng`, p.lng, -180, 180, true);
    checkRange(problems, `${at}.alt`, p.alt, -1_000, 10_000, false);
    checkRange(problems, `${at}.speed`, p.speed, 0, 1_000, false);
    checkRange(problems, `${at}.bearing`, p.bearing, 0, 360, false);
    checkRange(problems, `${at}.accuracy`, p.accuracy, 0, 100_000, false);
    const ts = p.timestamp;
    if (ts === undefined || ts === null) {
      problems.push({ field: `${at}.timestamp`, messages: [`${at}.timestamp is required`] });
    } else if (!isNumber(ts) || !Number.isInteger(ts)) {
      problems.push({
        field: `${at}.timestamp`,
        messages: [`${at}.timestamp must be integer epoch milliseconds`],
      });
    } else if (ts < MIN_POINT_TIMESTAMP_MS || ts > maxTime) {
      problems.push({
        field: `${at}.timestamp`,
        messages: [`${at}.timestamp must be epoch milliseconds between 2000-01-01 and now + 24 h`],
      });
    }
    if (p.is_interpolated !== undefined && typeof p.is_interpolated !== 'boolean') {
      problems.push({
        field: `${at}.is_interpolated`,
        messages: [`${at}.is_interpolated must be a boolean`],
      });
    }
  }
  return problems;
}

/** Chunk-level rules beyond the DTO's shape: emergency sequences, then every point. */
export function validateChunk(chunk: ChunkUpload, nowMs: number, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const emergency = chunk.chunk_type === 'emergency';
  if (emergency && chunk.sequence < EMERGENCY_SEQUENCE_START) {
    problems.push({
      field: `${prefix}sequence`,
      messages: [`emergency chunks use sequences from ${EMERGENCY_SEQUENCE_START}`],
    });
  } else if (!emergency && chunk.sequence >= EMERGENCY_SEQUENCE_START) {
    problems.push({
      field: `${prefix}sequence`,
      messages: [`sequences from ${EMERGENCY_SEQUENCE_START} are reserved for emergency chunks`],
    });
  }
  problems.push(...validatePoints(chunk.raw_gps_points, `${prefix}raw_gps_points`, nowMs));
  if (chunk.filtered_points != null) {
    problems.push(...validatePoints(chunk.filtered_points, `${prefix}filtered_points`, nowMs));
  }
  return problems;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * SHA-256 of what a chunk carries (the path's session id is authoritative, the body's copy is
 * left out): equal hashes mean an identical re-send, different ones a conflicting payload.
 */
export function chunkPayloadHash(chunk: ChunkUpload): string {
  const content = {
    sequence: chunk.sequence,
    chunk_type: chunk.chunk_type,
    raw_gps_points: chunk.raw_gps_points,
    filtered_points: chunk.filtered_points ?? null,
    chunk_summary: chunk.chunk_summary ?? null,
    cumulative: chunk.cumulative ?? null,
    completed_splits: chunk.completed_splits ?? [],
    pause_intervals: chunk.pause_intervals ?? [],
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/**
 * A chunk's points for the server's own metrics: the filtered points when the app sent them, else
 * the raw ones. An altitude of exactly 0 on every point is the client's default, i.e. unknown.
 */
export function chunkTrackPoints(
  chunks: ReadonlyArray<Pick<ChunkUpload, 'raw_gps_points' | 'filtered_points'>>,
): Array<GeoPoint & { accuracy?: number }> {
  const points: Array<GeoPoint & { accuracy?: number }> = [];
  let anyAltitude = false;
  for (const chunk of chunks) {
    const list =
      chunk.filtered_points && chunk.filtered_points.length > 0
        ? chunk.filtered_points
        : chunk.raw_gps_points;
    for (const p of list ?? []) {
      const alt = typeof p.alt === 'number' && Number.isFinite(p.alt) ? p.alt : null;
      if (alt !== null && alt !== 0) anyAltitude = true;
      const point: GeoPoint & { accuracy?: number } = { lat: p.lat, lng: p.lng, ele: alt, time: p.timestamp };
      if (typeof p.accuracy === 'number' && p.accuracy > 0) point.accuracy = p.accuracy;
      points.push(point);
    }
  }
  if (!anyAltitude) for (const p of points) p.ele = null;
  return points;
}
