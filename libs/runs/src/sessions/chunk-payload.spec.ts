import { createHash } from 'node:crypto';
import { canonicalJson, type ChunkUpload, parseChunkPayload, serialiseChunk } from './chunk-payload';

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

  it('hashes the stored bytes, with the hash the first implementation gave the same chunk', () => {
    const { payload, hash } = serialiseChunk(chunk);
    expect(hash).toBe(createHash('sha256').update(payload).digest('hex'));
    const firstHash = createHash('sha256')
      .update(
        referenceCanonicalJson({
          sequence: 3,
          chunk_type: 'intermediate',
          raw_gps_points: chunk.raw_gps_points,
          filtered_points: null,
          chunk_summary: null,
          cumulative: chunk.cumulative,
          completed_splits: [],
          pause_intervals: [],
        }),
      )
      .digest('hex');
    expect(hash).toBe(firstHash);
  });

  it('reads back what was sent, the body’s session id left out', () => {
    const { payload } = serialiseChunk({ ...chunk, session_id: 'ignored' } as ChunkUpload);
    expect(parseChunkPayload(payload)).toEqual({
      sequence: 3,
      chunk_type: 'intermediate',
      raw_gps_points: chunk.raw_gps_points,
      filtered_points: null,
      chunk_summary: null,
      cumulative: chunk.cumulative,
      completed_splits: [],
      pause_intervals: [],
    });
  });
});
