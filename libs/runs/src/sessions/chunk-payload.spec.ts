import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chunkContent,
  type FieldProblem,
  MAX_FUTURE_SKEW_MS,
  MIN_POINT_TIMESTAMP_MS,
  chunkPayloadHash,
  type ChunkUpload,
  isSameChunk,
  jsonPayloadHash,
  parseChunkPayload,
  serialiseChunk,
  validatePoints,
} from './chunk-payload';

/** The first implementation (Object.entries, sort, map, join): stored hashes were made with it. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function randomValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 6 : 9));
  const keys = ['lat', 'lng', 'b', 'a', 'é', 'Z', '__proto__', '10', '2', 'a"b', ''];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return Math.round((next() - 0.5) * 1e6) / 1e3;
    case 3:
      return [1e21, -0, 5e-7, Number.MAX_SAFE_INTEGER, 0.1 + 0.2][Math.floor(next() * 5)];
    case 4:
      return ['', 'plain', 'quote " and \\ slash', 'line\nbreak', '한글 ✓', '\u0001'][Math.floor(next() * 6)];
    case 5:
      return undefined;
    case 6:
    case 7: {
      const object: Record<string, unknown> = {};
      const n = Math.floor(next() * 5);
      for (let i = 0; i < n; i++) {
        Object.defineProperty(object, keys[Math.floor(next() * keys.length)], {
          value: randomValue(next, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return object;
    }
    default:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  }
}

describe('canonicalJson', () => {
  it('writes exactly what the first implementation wrote, on 2,000 random values', () => {
    const next = random(42);
    for (let i = 0; i < 2_000; i++) {
      const value = randomValue(next, 0);
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('writes runs of same-shaped flat objects (GPS points) exactly as the first implementation', () => {
    const next = random(7);
    for (let i = 0; i < 300; i++) {
      const keys = ['timestamp', 'lng', 'lat', 'alt', 'note', 'is_interpolated'].slice(0, 2 + (i % 5));
      const values = [null, undefined, true, -0, 1e21, 'a"\\b\n', Number.NaN, 37.123456789];
      const points = Array.from({ length: 2 + (i % 4) }, () =>
        Object.fromEntries(keys.map((key) => [key, values[Math.floor(next() * values.length)]])),
      );
      if (i % 50 === 0) (points[1] as Record<string, unknown>).nested = { x: 1 };
      expect(canonicalJson(points)).toBe(referenceCanonicalJson(points));
    }
  });

  it('sorts keys whatever their order, point after point of different shapes', () => {
    const points = [
      { lng: 127, lat: 37.5, timestamp: 1 },
      { lat: 37.5, lng: 127, timestamp: 1 },
      { lat: 37.5, lng: 127, timestamp: 1, alt: undefined },
      { timestamp: 1, lat: 37.5, lng: 127, speed: 2 },
    ];
    expect(points.map(canonicalJson)).toEqual([
      '{"lat":37.5,"lng":127,"timestamp":1}',
      '{"lat":37.5,"lng":127,"timestamp":1}',
      '{"lat":37.5,"lng":127,"timestamp":1}',
      '{"lat":37.5,"lng":127,"speed":2,"timestamp":1}',
    ]);
  });
});

describe('serialiseChunk', () => {
  const chunk: ChunkUpload = {
    sequence: 3,
    chunk_type: 'intermediate',
    raw_gps_points: [
      {
        lat: 37.5,
        lng: 127.01,
        alt: 31.2,
        speed: 2.5,
        bearing: 10,
        accuracy: 5,
        timestamp: 1_700_000_000_000,
      },
      { lng: 127.02, lat: 37.5001, timestamp: 1_700_000_001_000, is_interpolated: true },
    ],
    cumulative: { total_distance_meters: 12, total_duration_seconds: 1 },
  };
  const content = {
    sequence: 3,
    chunk_type: 'intermediate',
    raw_gps_points: chunk.raw_gps_points,
    filtered_points: null,
    chunk_summary: null,
    cumulative: chunk.cumulative,
    completed_splits: [],
    pause_intervals: [],
  };

  it('stores points of the usual shape in the binary form and hashes the stored bytes', () => {
    const { payload, hash, binary } = serialiseChunk(chunk);
    expect(binary).toBe(true);
    expect(payload[0]).toBe(0);
    expect(hash).toBe(createHash('sha256').update(payload).digest('hex'));
    expect(payload.length).toBeLessThan(Buffer.byteLength(canonicalJson(content)));
  });

  it('keeps the hash the first implementation gave the same chunk as its JSON hash', () => {
    const firstHash = createHash('sha256').update(referenceCanonicalJson(content)).digest('hex');
    expect(jsonPayloadHash(chunk)).toBe(firstHash);
    expect(chunkPayloadHash(chunk)).not.toBe(firstHash);
  });

  it('reads back what was sent, the body’s session id left out', () => {
    const { payload } = serialiseChunk({ ...chunk, session_id: 'ignored' } as ChunkUpload);
    expect(parseChunkPayload(payload)).toEqual(content);
  });

  it('gives the same content the same bytes whatever the key order or the spelling of a number', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        pause_intervals: [],
        cumulative: { total_duration_seconds: 1, total_distance_meters: 12.0 },
        raw_gps_points: chunk.raw_gps_points.map((p) => Object.fromEntries(Object.entries(p).reverse())),
        chunk_type: 'intermediate',
        sequence: 3,
      }),
    ) as ChunkUpload;
    const negativeZero = { ...chunk, raw_gps_points: [{ ...chunk.raw_gps_points[0], bearing: -0 }] };
    const zero = { ...chunk, raw_gps_points: [{ ...chunk.raw_gps_points[0], bearing: 0 }] };
    expect(serialiseChunk(reordered).payload.equals(serialiseChunk(chunk).payload)).toBe(true);
    expect(chunkPayloadHash(negativeZero)).toBe(chunkPayloadHash(zero));
  });

  it('tells apart what the JSON told apart: null from absent, false from absent, one point more', () => {
    const base = chunk.raw_gps_points[1];
    const variants: ChunkUpload[] = [
      chunk,
      { ...chunk, raw_gps_points: [chunk.raw_gps_points[0], { ...base, alt: null }] },
      { ...chunk, raw_gps_points: [chunk.raw_gps_points[0], { ...base, is_interpolated: false }] },
      { ...chunk, raw_gps_points: [chunk.raw_gps_points[0], { ...base, is_interpolated: undefined }] },
      { ...chunk, raw_gps_points: [...chunk.raw_gps_points, base] },
      { ...chunk, filtered_points: [] },
      { ...chunk, filtered_points: [base] },
      { ...chunk, cumulative: null },
    ];
    const hashes = variants.map(chunkPayloadHash);
    expect(new Set(hashes).size).toBe(variants.length);
    for (const variant of variants) {
      expect(parseChunkPayload(serialiseChunk(variant).payload)).toEqual(
        JSON.parse(
          canonicalJson({ ...content, ...variant, filtered_points: variant.filtered_points ?? null }),
        ),
      );
    }
  });

  it('stores and reads back 500 random chunks as their JSON would, equal hashes exactly for equal JSON', () => {
    const next = random(11);
    const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)];
    const optional = [undefined, null, 0, -0, 2.5, 1e21, 5e-7, 359.99999999999994];
    const randomChunk = (): ChunkUpload => ({
      sequence: Math.floor(next() * 3),
      chunk_type: 'intermediate',
      raw_gps_points: Array.from({ length: Math.floor(next() * 3) }, () => ({
        lat: pick([37.5, -0, 89.999999]),
        lng: pick([127, 127.00000000000001]),
        alt: pick(optional),
        speed: pick(optional),
        bearing: pick(optional),
        accuracy: pick(optional),
        timestamp: pick([1_700_000_000_000, 1_700_000_000_001]),
        is_interpolated: pick([undefined, true, false]),
      })),
      filtered_points: pick([undefined, null, [], [{ lat: 1, lng: 2, timestamp: 3 }]]),
    });
    const seen = new Map<string, string>();
    for (let i = 0; i < 500; i++) {
      const sent = randomChunk();
      const json = canonicalJson(chunkContent(sent));
      const { payload, hash } = serialiseChunk(sent);
      expect(parseChunkPayload(payload)).toEqual(JSON.parse(json));
      const earlier = seen.get(json);
      if (earlier !== undefined) expect(hash).toBe(earlier);
      seen.set(json, hash);
    }
    expect(new Set(seen.values()).size).toBe(seen.size);
  });

  it('keeps a chunk whose points carry other fields in canonical JSON, hashed as before', () => {
    const extra = {
      ...chunk,
      raw_gps_points: [{ ...chunk.raw_gps_points[0], provider: 'gps' }],
    } as unknown as ChunkUpload;
    const { payload, hash, binary } = serialiseChunk(extra);
    expect(binary).toBe(false);
    expect(payload.toString('utf8')).toBe(
      canonicalJson({ ...content, raw_gps_points: extra.raw_gps_points }),
    );
    expect(hash).toBe(jsonPayloadHash(extra));
    expect(parseChunkPayload(payload).raw_gps_points).toEqual(extra.raw_gps_points);
  });

  it('recognises a re-send of a chunk stored as JSON before the binary form, and nothing else', () => {
    const sent = serialiseChunk(chunk);
    expect(isSameChunk(sent.hash, sent, chunk)).toBe(true);
    expect(isSameChunk(jsonPayloadHash(chunk), sent, chunk)).toBe(true);
    const other = { ...chunk, sequence: 4 };
    expect(isSameChunk(jsonPayloadHash(other), sent, chunk)).toBe(false);
    expect(isSameChunk(chunkPayloadHash(other), sent, chunk)).toBe(false);
  });

  it('reads payloads stored as JSON, keys sorted or not', () => {
    const json = Buffer.from(JSON.stringify(content), 'utf8');
    expect(parseChunkPayload(json)).toEqual(content);
    expect(parseChunkPayload(Buffer.from(canonicalJson(content), 'utf8'))).toEqual(content);
  });

  it('refuses a damaged binary payload instead of reading garbage', () => {
    const { payload } = serialiseChunk(chunk);
    expect(() => parseChunkPayload(payload.subarray(0, payload.length - 3))).toThrow(/truncated/);
    expect(() => parseChunkPayload(Buffer.concat([payload, Buffer.from([0])]))).toThrow(/trailing/);
    const future = Buffer.from(payload);
    future[1] = 9;
    expect(() => parseChunkPayload(future)).toThrow(/format 9/);
  });
});

describe('validatePoints', () => {
  /** The field-by-field check as it was before valid points skipped it: the reference output. */
  function referenceProblems(points: unknown[], listName: string, nowMs: number): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const check = (field: string, value: unknown, min: number, max: number, required: boolean) => {
      if (value === undefined || value === null) {
        if (required) problems.push({ field, messages: [`${field} is required`] });
      } else if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push({ field, messages: [`${field} must be a finite number`] });
      } else if (value < min || value > max) {
        problems.push({ field, messages: [`${field} must be between ${min} and ${max}`] });
      }
    };
    for (let i = 0; i < points.length && problems.length < 20; i++) {
      const p = points[i] as Record<string, unknown> | null;
      const at = `${listName}[${i}]`;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) {
        problems.push({ field: at, messages: [`${at} must be an object`] });
        continue;
      }
      check(`${at}.lat`, p.lat, -90, 90, true);
      check(`${at}.lng`, p.lng, -180, 180, true);
      check(`${at}.alt`, p.alt, -1_000, 10_000, false);
      check(`${at}.speed`, p.speed, 0, 1_000, false);
      check(`${at}.bearing`, p.bearing, 0, 360, false);
      check(`${at}.accuracy`, p.accuracy, 0, 100_000, false);
      const ts = p.timestamp;
      if (ts === undefined || ts === null) {
        problems.push({ field: `${at}.timestamp`, messages: [`${at}.timestamp is required`] });
      } else if (typeof ts !== 'number' || !Number.isInteger(ts)) {
        problems.push({
          field: `${at}.timestamp`,
          messages: [`${at}.timestamp must be integer epoch milliseconds`],
        });
      } else if (ts < MIN_POINT_TIMESTAMP_MS || ts > nowMs + MAX_FUTURE_SKEW_MS) {
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

  it('names exactly the problems the field-by-field check named, on 3,000 random points', () => {
    const next = random(5);
    const now = 1_765_000_000_000;
    const pick = (values: unknown[]) => values[Math.floor(next() * values.length)];
    const edges = [
      undefined,
      null,
      0,
      -0,
      1,
      -1,
      90,
      90.5,
      -180.5,
      360,
      361,
      1e21,
      Number.NaN,
      Infinity,
      '5',
      true,
    ];
    const points = Array.from({ length: 3_000 }, (_, i) => {
      if (i % 97 === 0) return pick([null, 'point', [1, 2]]);
      const valid = next() < 0.6;
      return {
        lat: valid ? 37.5 : pick(edges),
        lng: valid ? 127 : pick(edges),
        alt: valid ? pick([undefined, null, 31.2]) : pick([...edges, -1_000.5, 10_000]),
        speed: pick([undefined, 2.5, ...(valid ? [] : edges)]),
        bearing: pick([undefined, 359.9, ...(valid ? [] : edges)]),
        accuracy: pick([undefined, 5, ...(valid ? [] : [...edges, 100_001])]),
        timestamp: valid
          ? now - 1_000
          : pick([undefined, null, 1.5, MIN_POINT_TIMESTAMP_MS - 1, now + MAX_FUTURE_SKEW_MS + 1, now, '1']),
        is_interpolated: pick([undefined, true, false, ...(valid ? [] : [null, 'yes'])]),
      };
    });
    for (let from = 0; from < points.length; from += 7) {
      const slice = points.slice(from, from + 7);
      expect(validatePoints(slice, 'raw_gps_points', now)).toEqual(
        referenceProblems(slice, 'raw_gps_points', now),
      );
    }
  });
});
