import { createHash } from 'node:crypto';
import type { GeoPoint } from '@runvs/geo';
import { decodeBinaryPayload, encodeBinaryPayload, isBinaryPayload } from './chunk-payload-binary';

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

/** A point's numeric fields: name, range, required. */
const POINT_RANGES: ReadonlyArray<readonly [string, number, number, boolean]> = [
  ['lat', -90, 90, true],
  ['lng', -180, 180, true],
  ['alt', -1_000, 10_000, false],
  ['speed', 0, 1_000, false],
  ['bearing', 0, 360, false],
  ['accuracy', 0, 100_000, false],
];

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
 * The same rules as the field-by-field check below, as one yes/no without building a field name:
 * a valid point (nearly all of them) costs no allocation; only an invalid one is looked at again
 * to name its problems.
 */
function isValidPoint(p: Record<string, unknown>, maxTime: number): boolean {
  const ts = p.timestamp;
  return (
    inRange(p.lat, LAT) &&
    inRange(p.lng, LNG) &&
    inRange(p.alt, ALT) &&
    inRange(p.speed, SPEED) &&
    inRange(p.bearing, BEARING) &&
    inRange(p.accuracy, ACCURACY) &&
    typeof ts === 'number' &&
    Number.isInteger(ts) &&
    ts >= MIN_POINT_TIMESTAMP_MS &&
    ts <= maxTime &&
    (p.is_interpolated === undefined || typeof p.is_interpolated === 'boolean')
  );
}

/** Named reads of the fields (not a loop over the table by key): V8 keeps them fast. */
const [LAT, LNG, ALT, SPEED, BEARING, ACCURACY] = POINT_RANGES;

function inRange(value: unknown, range: (typeof POINT_RANGES)[number]): boolean {
  if (value === undefined || value === null) return !range[3];
  return typeof value === 'number' && value >= range[1] && value <= range[2];
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
    const isObject = typeof p === 'object' && p !== null && !Array.isArray(p);
    if (isObject && isValidPoint(p, maxTime)) continue;
    const at = `${listName}[${i}]`;
    if (!isObject) {
      problems.push({ field: at, messages: [`${at} must be an object`] });
      continue;
    }
    for (const [name, min, max, required] of POINT_RANGES) {
      checkRange(problems, `${at}.${name}`, p[name], min, max, required);
    }
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

interface KeyOrder {
  keys: string[];
  /** the defined keys' names, sorted, each already JSON-quoted with its colon */
  sorted: Array<{ key: string; quoted: string }>;
}

/** Objects of one shape in a row (300 GPS points) reuse one sorted key order. */
let lastOrder: KeyOrder | null = null;

function keyOrder(keys: string[]): KeyOrder {
  const last = lastOrder;
  if (last && last.keys.length === keys.length) {
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      if (last.keys[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return last;
  }
  const sorted = [...keys]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ key, quoted: `${JSON.stringify(key)}:` }));
  lastOrder = { keys, sorted };
  return lastOrder;
}

/**
 * An array of flat objects that all list the same keys in the same order (a chunk's GPS points),
 * written with one sorted key list instead of sorting each object's keys: the same output at a
 * fraction of the cost. null when the array is anything else.
 */
function flatRecordsJson(items: unknown[]): string | null {
  if (items.length < 2) return null;
  const first = items[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return null;
  const keys = Object.keys(first);
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
    const own = Object.keys(item);
    if (own.length !== keys.length) return null;
    for (let k = 0; k < own.length; k++) {
      if (own[k] !== keys[k]) return null;
      const kind = typeof (item as Record<string, unknown>)[own[k]];
      if (kind === 'object' ? (item as Record<string, unknown>)[own[k]] !== null : !PRIMITIVE.has(kind)) {
        return null;
      }
    }
  }
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const quoted = sorted.map((key) => `${JSON.stringify(key)}:`);
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Record<string, unknown>;
    out += i === 0 ? '{' : ',{';
    let firstField = true;
    for (let k = 0; k < sorted.length; k++) {
      const field = item[sorted[k]];
      if (field === undefined) continue;
      out += firstField ? quoted[k] : `,${quoted[k]}`;
      out +=
        typeof field === 'number' ? (Number.isFinite(field) ? String(field) : 'null') : JSON.stringify(field);
      firstField = false;
    }
    out += '}';
  }
  return `${out}]`;
}

const PRIMITIVE = new Set(['number', 'string', 'boolean', 'undefined']);

function appendCanonical(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const flat = flatRecordsJson(value);
        if (flat !== null) return flat;
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += appendCanonical(value[i]);
        }
        return `${out}]`;
      }
      const object = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const { key, quoted } of keyOrder(Object.keys(object)).sorted) {
        const item = object[key];
        if (item === undefined) continue;
        out += first ? quoted : `,${quoted}`;
        out += appendCanonical(item);
        first = false;
      }
      return `${out}}`;
    }
    default:
      // undefined, functions and symbols: JSON has no such value.
      return 'null';
  }
}

/**
 * JSON with object keys sorted, so the same content always hashes the same. Written for speed (a
 * chunk's 300 points share one key order; no intermediate arrays), with exactly the output of
 * `JSON.stringify` over key-sorted objects.
 */
export function canonicalJson(value: unknown): string {
  return appendCanonical(value);
}

/** What a stored chunk holds: the content the app sent, without the body's copy of the session id. */
export interface ChunkContent {
  sequence: number;
  chunk_type: ChunkType;
  raw_gps_points: ChunkPoint[];
  filtered_points: ChunkPoint[] | null;
  chunk_summary: Record<string, unknown> | null;
  cumulative: Record<string, unknown> | null;
  completed_splits: unknown[];
  pause_intervals: unknown[];
}

export function chunkContent(chunk: ChunkUpload): ChunkContent {
  return {
    sequence: chunk.sequence,
    chunk_type: chunk.chunk_type,
    raw_gps_points: chunk.raw_gps_points,
    filtered_points: chunk.filtered_points ?? null,
    chunk_summary: chunk.chunk_summary ?? null,
    cumulative: chunk.cumulative ?? null,
    completed_splits: chunk.completed_splits ?? [],
    pause_intervals: chunk.pause_intervals ?? [],
  };
}

/** A chunk serialised once, ready to store. */
export interface SerialisedChunk {
  /** what `run_chunks.payload` holds: the binary form (chunk-payload-binary.ts), else canonical JSON */
  payload: Buffer;
  /** SHA-256 of `payload`, hex: equal hashes mean an identical re-send, different ones a conflict */
  hash: string;
  /** the payload is the binary form, so rows stored before it may hold this content under jsonPayloadHash */
  binary: boolean;
}

/**
 * A chunk serialised once for both its hash and its storage: the binary form when its points have
 * the app's usual shape (numbers copied as doubles, no decimal text written), else the canonical
 * JSON of its content. Either is canonical — the same content always gives the same bytes — so the
 * SHA-256 of the bytes is the idempotency hash. The path's session id is authoritative, the body's
 * copy is left out.
 */
export function serialiseChunk(chunk: ChunkUpload): SerialisedChunk {
  const { raw_gps_points, filtered_points, ...rest } = chunkContent(chunk);
  const binary = encodeBinaryPayload(canonicalJson(rest), { raw: raw_gps_points, filtered: filtered_points });
  const payload = binary ?? Buffer.from(canonicalJson(chunkContent(chunk)), 'utf8');
  return { payload, hash: sha256Hex(payload), binary: binary !== null };
}

function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The hash a chunk is stored under. */
export function chunkPayloadHash(chunk: ChunkUpload): string {
  return serialiseChunk(chunk).hash;
}

/**
 * The hash of the chunk's canonical JSON: what every chunk stored before the binary form carries
 * (and a chunk stored as JSON still does), so a re-send of one of them is still recognised.
 */
export function jsonPayloadHash(chunk: ChunkUpload): string {
  return sha256Hex(canonicalJson(chunkContent(chunk)));
}

/**
 * The sent chunk is the one stored under `storedHash`: the same bytes, or — for a row stored as
 * JSON before the binary form — the same canonical JSON (computed only then, on this rare path).
 */
export function isSameChunk(storedHash: string, sent: SerialisedChunk, chunk: ChunkUpload): boolean {
  return storedHash === sent.hash || (sent.binary && storedHash === jsonPayloadHash(chunk));
}

/**
 * A stored payload back into its content: the binary form, or JSON (canonical, or with keys
 * unsorted in the rows migrated from jsonb columns).
 */
export function parseChunkPayload(payload: Buffer): ChunkContent {
  if (!isBinaryPayload(payload)) return JSON.parse(payload.toString('utf8')) as ChunkContent;
  const { rest, raw, filtered } = decodeBinaryPayload(payload);
  return {
    ...(rest as Omit<ChunkContent, 'raw_gps_points' | 'filtered_points'>),
    raw_gps_points: raw,
    filtered_points: filtered,
  };
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
