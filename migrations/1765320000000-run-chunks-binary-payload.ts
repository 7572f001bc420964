import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `run_chunks.payload` may now hold a chunk in its binary form (first byte 0x00: the points as
 * doubles, the rest as canonical JSON; `libs/runs/src/sessions/chunk-payload-binary.ts`) beside
 * the canonical JSON of earlier rows (first byte `{`). Nothing is rewritten on the way up: the api
 * reads both, and recognises a re-send of a JSON row by its JSON hash. The way down rewrites the
 * binary rows into the canonical JSON the earlier code stores, with that JSON's hash, so it reads
 * them and still recognises their re-sends. The decoder is a copy frozen with this migration: a
 * migration must not change when the code does.
 */
export class RunChunksBinaryPayload1765320000000 implements MigrationInterface {
  name = 'RunChunksBinaryPayload1765320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `COMMENT ON COLUMN run_chunks.payload IS 'the chunk content: binary form (first byte 0x00, see chunk-payload-binary.ts) or canonical JSON (first byte {)'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (;;) {
      const rows = (await queryRunner.query(
        `SELECT id, payload FROM run_chunks WHERE get_byte(payload, 0) = 0 LIMIT 500`,
      )) as Array<{ id: string; payload: Buffer }>;
      if (rows.length === 0) break;
      for (const row of rows) {
        const json = Buffer.from(canonicalJson(decodeVersion1(row.payload)), 'utf8');
        await queryRunner.query(`UPDATE run_chunks SET payload = $2, payload_hash = $3 WHERE id = $1`, [
          row.id,
          json,
          createHash('sha256').update(json).digest('hex'),
        ]);
      }
    }
    await queryRunner.query(`COMMENT ON COLUMN run_chunks.payload IS NULL`);
  }
}

/** JSON with object keys sorted and undefined members left out, as the api hashes it. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The version-1 binary form back into the chunk's content. */
function decodeVersion1(payload: Buffer): Record<string, unknown> {
  if (payload[1] !== 1) throw new Error(`run_chunks payload format ${payload[1]} is unknown here`);
  const restLength = payload.readUInt32LE(2);
  let at = 6 + restLength;
  const rest = JSON.parse(payload.toString('utf8', 6, at)) as Record<string, unknown>;
  const double = () => {
    const value = payload.readDoubleLE(at);
    at += 8;
    return value;
  };
  const optional = (tag: number) => (tag === 0 ? undefined : tag === 1 ? null : double());
  const points = () => {
    const count = payload.readUInt32LE(at);
    at += 4;
    return Array.from({ length: count }, () => {
      const tags = payload[at];
      const interpolated = payload[at + 1];
      at += 2;
      const [lat, lng, timestamp] = [double(), double(), double()];
      return {
        lat,
        lng,
        alt: optional(tags & 3),
        speed: optional((tags >> 2) & 3),
        bearing: optional((tags >> 4) & 3),
        accuracy: optional((tags >> 6) & 3),
        timestamp,
        is_interpolated: interpolated === 0 ? undefined : interpolated === 2,
      };
    });
  };
  const raw = points();
  const filtered = payload[at++] === 1 ? points() : null;
  return { ...rest, raw_gps_points: raw, filtered_points: filtered };
}
