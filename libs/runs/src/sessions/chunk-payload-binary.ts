import type { ChunkPoint } from './chunk-payload';

/**
 * The stored form of a chunk whose points have the app's usual shape: the points as binary doubles,
 * the rest of the content as canonical JSON. Writing 2,100 numbers of a 300-point chunk as JSON
 * text is what made serialising a chunk cost more than parsing it (number → decimal text is the
 * expensive part); copying them as doubles is ≈ 20× cheaper, and the bytes are as canonical as the
 * JSON was — the same content always gives the same bytes, whatever order or spelling its numbers
 * and keys came in — so their SHA-256 stays the idempotency hash.
 *
 * Layout (little-endian):
 *   u8 0x00 (a JSON payload starts with `{`), u8 version (1), u32 byte length of the JSON part,
 *   the JSON part — canonical JSON of the content without its point lists —, the raw point list,
 *   u8 1 when filtered points follow (0: `filtered_points` is null), the filtered point list.
 * A point list is a u32 count, then per point: a u8 of 2-bit tags for alt, speed, bearing and
 * accuracy (0 absent, 1 null, 2 a number), a u8 for is_interpolated (0 absent, 1 false, 2 true),
 * lat, lng and timestamp as f64, then each optional field that holds a number as f64, in that order.
 */
export const BINARY_PAYLOAD_MARKER = 0x00;
const BINARY_PAYLOAD_VERSION = 1;
const PREAMBLE_BYTES = 6;
/** Two tag bytes and at most seven doubles. */
const MAX_POINT_BYTES = 2 + 7 * 8;

/** Tags of an optional number field. */
const ABSENT = 0;
const NULL = 1;
const NUMBER = 2;
/** Tags of is_interpolated (absent is ABSENT). */
const FALSE = 1;
const TRUE = 2;

export interface PointLists {
  raw: ChunkPoint[];
  filtered: ChunkPoint[] | null;
}

function optionalTag(value: unknown): number {
  if (value === undefined) return ABSENT;
  if (value === null) return NULL;
  return typeof value === 'number' ? NUMBER : -1;
}

/** Bytes a point list needs at most; -1 when a point is not of the usual shape. */
function encodedSizeBound(points: readonly unknown[]): number {
  for (const item of points) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return -1;
    const p = item as Record<string, unknown>;
    if (typeof p.lat !== 'number' || typeof p.lng !== 'number' || typeof p.timestamp !== 'number') return -1;
    const alt = optionalTag(p.alt);
    const speed = optionalTag(p.speed);
    const bearing = optionalTag(p.bearing);
    const accuracy = optionalTag(p.accuracy);
    if (alt < 0 || speed < 0 || bearing < 0 || accuracy < 0) return -1;
    let known = 3 + Number(alt !== ABSENT) + Number(speed !== ABSENT);
    known += Number(bearing !== ABSENT) + Number(accuracy !== ABSENT);
    if (p.is_interpolated !== undefined) {
      if (typeof p.is_interpolated !== 'boolean') return -1;
      known++;
    }
    // Any other key (an extra field the app added) keeps the whole chunk in JSON.
    let keys = 0;
    for (const key in p) if (Object.prototype.hasOwnProperty.call(p, key)) keys++;
    if (keys !== known) return -1;
  }
  return 4 + points.length * MAX_POINT_BYTES;
}

/** `+ 0` turns −0 into 0, as JSON text did ("0"): the same content, the same bytes. */
function writePoints(view: DataView, bytes: Buffer, at: number, points: readonly ChunkPoint[]): number {
  view.setUint32(at, points.length, true);
  let o = at + 4;
  for (const p of points) {
    const { alt, speed, bearing, accuracy } = p;
    const tags =
      optionalTag(alt) |
      (optionalTag(speed) << 2) |
      (optionalTag(bearing) << 4) |
      (optionalTag(accuracy) << 6);
    bytes[o] = tags;
    bytes[o + 1] = p.is_interpolated === undefined ? ABSENT : p.is_interpolated ? TRUE : FALSE;
    view.setFloat64(o + 2, p.lat + 0, true);
    view.setFloat64(o + 10, p.lng + 0, true);
    view.setFloat64(o + 18, p.timestamp + 0, true);
    o += 26;
    if (typeof alt === 'number') o = writeDouble(view, o, alt);
    if (typeof speed === 'number') o = writeDouble(view, o, speed);
    if (typeof bearing === 'number') o = writeDouble(view, o, bearing);
    if (typeof accuracy === 'number') o = writeDouble(view, o, accuracy);
  }
  return o;
}

function writeDouble(view: DataView, at: number, value: number): number {
  view.setFloat64(at, value + 0, true);
  return at + 8;
}

/**
 * The binary payload of a chunk, given the canonical JSON of everything but its points; null when
 * a point is not of the usual shape (an extra key, a value of another type): such a chunk is stored
 * as canonical JSON instead.
 */
export function encodeBinaryPayload(restJson: string, points: PointLists): Buffer | null {
  const rawBound = encodedSizeBound(points.raw);
  if (rawBound < 0) return null;
  const filteredBound = points.filtered === null ? 0 : encodedSizeBound(points.filtered);
  if (filteredBound < 0) return null;
  const restBytes = Buffer.byteLength(restJson, 'utf8');
  const bytes = Buffer.allocUnsafe(PREAMBLE_BYTES + restBytes + rawBound + 1 + filteredBound);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes[0] = BINARY_PAYLOAD_MARKER;
  bytes[1] = BINARY_PAYLOAD_VERSION;
  view.setUint32(2, restBytes, true);
  bytes.write(restJson, PREAMBLE_BYTES, 'utf8');
  let o = writePoints(view, bytes, PREAMBLE_BYTES + restBytes, points.raw);
  bytes[o++] = points.filtered === null ? 0 : 1;
  if (points.filtered !== null) o = writePoints(view, bytes, o, points.filtered);
  return bytes.subarray(0, o);
}

export function isBinaryPayload(payload: Buffer): boolean {
  return payload.length > 0 && payload[0] === BINARY_PAYLOAD_MARKER;
}

class PayloadReader {
  private readonly view: DataView;
  offset = PREAMBLE_BYTES;

  constructor(private readonly bytes: Buffer) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(count: number): void {
    if (this.offset + count > this.bytes.length) throw new Error('chunk payload is truncated');
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  text(length: number): string {
    this.need(length);
    const text = this.bytes.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  optional(tag: number): number | null | undefined {
    if (tag === ABSENT) return undefined;
    if (tag === NULL) return null;
    if (tag === NUMBER) return this.f64();
    throw new Error(`chunk payload has an unknown field tag ${tag}`);
  }

  points(): ChunkPoint[] {
    const count = this.u32();
    // Each point takes at least 26 bytes: a corrupt count fails here, not in a huge allocation.
    this.need(count * 26);
    const points: ChunkPoint[] = new Array<ChunkPoint>(count);
    for (let i = 0; i < count; i++) {
      const tags = this.u8();
      const interpolated = this.u8();
      const point: ChunkPoint = { lat: this.f64(), lng: this.f64(), timestamp: 0 };
      point.timestamp = this.f64();
      const alt = this.optional(tags & 3);
      const speed = this.optional((tags >> 2) & 3);
      const bearing = this.optional((tags >> 4) & 3);
      const accuracy = this.optional((tags >> 6) & 3);
      if (alt !== undefined) point.alt = alt;
      if (speed !== undefined) point.speed = speed;
      if (bearing !== undefined) point.bearing = bearing;
      if (accuracy !== undefined) point.accuracy = accuracy;
      if (interpolated === TRUE || interpolated === FALSE) point.is_interpolated = interpolated === TRUE;
      else if (interpolated !== ABSENT) throw new Error(`chunk payload has an unknown flag ${interpolated}`);
      points[i] = point;
    }
    return points;
  }
}

/** A binary payload back into the JSON part (parsed) and its point lists. */
export function decodeBinaryPayload(payload: Buffer): { rest: Record<string, unknown> } & PointLists {
  if (payload.length < PREAMBLE_BYTES || payload[0] !== BINARY_PAYLOAD_MARKER) {
    throw new Error('not a binary chunk payload');
  }
  if (payload[1] !== BINARY_PAYLOAD_VERSION) {
    throw new Error(`chunk payload format ${payload[1]} is not one this version reads`);
  }
  const reader = new PayloadReader(payload);
  const restLength = payload.readUInt32LE(2);
  const rest = JSON.parse(reader.text(restLength)) as Record<string, unknown>;
  const raw = reader.points();
  const filtered = reader.u8() === 1 ? reader.points() : null;
  if (reader.offset !== payload.length) throw new Error('chunk payload has trailing bytes');
  return { rest, raw, filtered };
}
