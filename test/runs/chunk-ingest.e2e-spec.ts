import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { chunkPayloadHash, type ChunkUpload, jsonPayloadHash, parseChunkPayload } from '@runvs/runs';
import {
  createUserWithToken,
  lineFrom,
  startApi,
  startWorker,
  testConfig,
  withOwnerQueryRunner,
} from '@runvs/testing';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunChunksPayload1765010000000 } from '../../migrations/1765010000000-run-chunks-payload';
import { RunChunksBinaryPayload1765320000000 } from '../../migrations/1765320000000-run-chunks-binary-payload';
import { chunksOf, trackAlong, trackLength } from './run-helpers';

const START: [number, number] = [127.0276, 37.4979];

/**
 * Chunk ingest as one statement per request: idempotency and conflicts, batch semantics, what a
 * complete sees while chunks are still arriving, the stored bytes, and rows written before the
 * storage change still read (and re-sends across it still recognised).
 */
describe('runs: chunk ingest', () => {
  let config: AppConfig;
  let app: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let runner: { user: { id: string }; authorization: string };
  let other: { user: { id: string }; authorization: string };
  const http = () => request(app.getHttpServer());
  const points = trackAlong(lineFrom(START, 61, 25), { startMs: Date.now() - 3_600_000, jitterM: 1 });

  beforeAll(async () => {
    config = testConfig();
    app = await startApi(config);
    worker = await startWorker(config);
    dataSource = app.get(DataSource);
    runner = await createUserWithToken(dataSource, config);
    other = await createUserWithToken(dataSource, config);
  });

  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  const newSession = async () => {
    const res = await http()
      .post('/api/v1/runs/sessions')
      .set('Authorization', runner.authorization)
      .send({ started_at: new Date(points[0].timestamp).toISOString() })
      .expect(201);
    return res.body.session_id as string;
  };
  const postChunk = (sessionId: string, chunk: unknown, auth = runner.authorization) =>
    http()
      .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
      .set('Authorization', auth)
      .send(chunk as object);
  const postBatch = (sessionId: string, chunks: unknown[], auth = runner.authorization) =>
    http()
      .post(`/api/v1/runs/sessions/${sessionId}/chunks/batch`)
      .set('Authorization', auth)
      .send({ session_id: sessionId, chunks });
  const sessionCounters = async (sessionId: string) => {
    const [row] = await dataSource.query(
      `SELECT s.chunk_count, (SELECT count(*)::int FROM run_chunks c WHERE c.session_id = s.id) AS rows
         FROM run_sessions s WHERE s.id = $1`,
      [sessionId],
    );
    return row as { chunk_count: number; rows: number };
  };

  it('stores the binary form it hashed, lz4-compressed, the same whatever the key order', async () => {
    const sessionId = await newSession();
    const [chunk] = chunksOf(sessionId, points, 200);
    const reordered = {
      ...chunk,
      raw_gps_points: chunk.raw_gps_points.map((p) => Object.fromEntries(Object.entries(p).reverse())),
    };
    await postChunk(sessionId, reordered).expect(201);
    const [row] = await dataSource.query(
      `SELECT payload, payload_hash, point_count, cumulative, pg_column_compression(payload) AS compression
         FROM run_chunks WHERE session_id = $1`,
      [sessionId],
    );
    expect(row.payload_hash).toBe(createHash('sha256').update(row.payload).digest('hex'));
    expect(row.payload_hash).toBe(chunkPayloadHash(chunk as ChunkUpload));
    expect((row.payload as Buffer)[0]).toBe(0);
    const { session_id: _ignored, ...content } = chunk;
    expect(parseChunkPayload(row.payload)).toEqual({ ...content, filtered_points: null });
    expect(row.point_count).toBe(200);
    expect(row.cumulative).toEqual(chunk.cumulative);
    expect(row.compression).toBe('lz4');
    const resent = await postChunk(sessionId, chunk).expect(201);
    expect(resent.body.sequence).toBe(0);
  });

  it('answers concurrent identical uploads of one sequence with one chunk, counted once', async () => {
    const sessionId = await newSession();
    const [chunk] = chunksOf(sessionId, points, 50);
    const answers = await Promise.all(Array.from({ length: 6 }, () => postChunk(sessionId, chunk)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.chunk_id)).size).toBe(1);
    expect(await sessionCounters(sessionId)).toEqual({ chunk_count: 1, rows: 1 });
  });

  it('lets a complete see every chunk it acknowledged and refuses the ones that came after', async () => {
    const sessionId = await newSession();
    const chunks = chunksOf(sessionId, points, 40);
    const last = points[points.length - 1];
    const uploads = chunks.map((chunk) => postChunk(sessionId, chunk).then((res) => ({ chunk, res })));
    const complete = http()
      .post(`/api/v1/runs/sessions/${sessionId}/complete`)
      .set('Authorization', runner.authorization)
      .send({
        distance_meters: Math.round(trackLength(points)),
        duration_seconds: Math.round((last.timestamp - points[0].timestamp) / 1000),
        finished_at: new Date(last.timestamp).toISOString(),
        total_chunks: chunks.length,
      });
    const [answers, completed] = await Promise.all([Promise.all(uploads), complete]);
    expect(completed.status).toBe(201);
    const missing = new Set<number>(completed.body.missing_chunk_sequences);
    for (const { chunk, res } of answers) {
      if (res.status === 201) expect(missing.has(chunk.sequence)).toBe(false);
      else {
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('SESSION_COMPLETED');
        expect(missing.has(chunk.sequence)).toBe(true);
      }
    }
    const stored = answers.filter((a) => a.res.status === 201).length;
    expect(await sessionCounters(sessionId)).toEqual({ chunk_count: stored, rows: stored });
  });

  describe('batch', () => {
    it('dedupes within the request, fails conflicting sequences and re-sends nothing twice', async () => {
      const sessionId = await newSession();
      const chunks = chunksOf(sessionId, points, 30);
      const conflicting = { ...chunks[2], raw_gps_points: chunks[2].raw_gps_points.slice(1) };
      const first = await postBatch(sessionId, [
        chunks[0],
        chunks[1],
        chunks[1],
        chunks[2],
        conflicting,
      ]).expect(200);
      expect(first.body).toEqual({ received_sequences: [0, 1], failed_sequences: [2] });
      expect(await sessionCounters(sessionId)).toEqual({ chunk_count: 2, rows: 2 });

      const again = await postBatch(sessionId, [chunks[1], chunks[0], chunks[2], chunks[3]]).expect(200);
      expect(again.body).toEqual({ received_sequences: [0, 1, 2, 3], failed_sequences: [] });
      expect(await sessionCounters(sessionId)).toEqual({ chunk_count: 4, rows: 4 });

      await postBatch(sessionId, [chunks[4]], other.authorization).expect(404);
      // Only in-request conflicts: nothing to store, the session is still checked.
      await postBatch(
        sessionId,
        [chunks[4], { ...chunks[4], chunk_type: 'final' }],
        other.authorization,
      ).expect(404);
      const onlyConflicts = await postBatch(sessionId, [
        chunks[4],
        { ...chunks[4], chunk_type: 'final' },
      ]).expect(200);
      expect(onlyConflicts.body).toEqual({ received_sequences: [], failed_sequences: [4] });
    });

    it('after the session ended: stored identical chunks are received, new ones fail', async () => {
      const sessionId = await newSession();
      const chunks = chunksOf(sessionId, points, 30);
      await postBatch(sessionId, chunks.slice(0, 2)).expect(200);
      await http()
        .delete(`/api/v1/runs/sessions/${sessionId}`)
        .set('Authorization', runner.authorization)
        .expect(204);
      const discarded = await postBatch(sessionId, chunks.slice(2, 4)).expect(200);
      expect(discarded.body).toEqual({ received_sequences: [], failed_sequences: [2, 3] });

      const live = await newSession();
      const liveChunks = chunksOf(live, points, 30);
      await postBatch(live, liveChunks.slice(0, 3)).expect(200);
      const last = points[points.length - 1];
      await http()
        .post(`/api/v1/runs/sessions/${live}/complete`)
        .set('Authorization', runner.authorization)
        .send({
          distance_meters: 100,
          duration_seconds: 60,
          finished_at: new Date(last.timestamp).toISOString(),
        })
        .expect(201);
      const late = await postBatch(live, [liveChunks[1], liveChunks[5]]).expect(200);
      expect(late.body).toEqual({ received_sequences: [1], failed_sequences: [5] });
    });

    it('validates like every other body: field paths into the chunks, unknown fields, limits', async () => {
      const sessionId = await newSession();
      const [chunk] = chunksOf(sessionId, points, 5);
      const { sequence: _missing, ...noSequence } = chunk;
      const res = await postBatch(sessionId, [chunk, { ...noSequence, extra: 1 }]).expect(422);
      expect(res.body.code).toBe('VALIDATION_ERROR');
      expect(res.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'chunks[1].extra',
        'chunks[1].sequence',
      ]);
      const empty = await postBatch(sessionId, []).expect(422);
      expect(empty.body.details.fields[0].field).toBe('chunks');
      const single = await postChunk(sessionId, { ...chunk, chunk_type: 'other', surprise: true }).expect(
        422,
      );
      expect(single.body.details.fields).toEqual(
        expect.arrayContaining([
          { field: 'chunk_type', messages: [expect.stringContaining('chunk_type must be one of')] },
          { field: 'surprise', messages: ['property surprise should not exist'] },
        ]),
      );
      expect(single.body.details.fields).toHaveLength(2);
      const proto = await http()
        .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
        .set('Authorization', runner.authorization)
        .set('Content-Type', 'application/json')
        .send(`{"__proto__":{"sequence":-1},${JSON.stringify(chunk).slice(1)}`)
        .expect(201);
      expect(proto.body.sequence).toBe(0);
      await postChunk(sessionId, { ...chunk, raw_gps_points: 'many' }).expect(422);
      expect(await sessionCounters(sessionId)).toEqual({ chunk_count: 1, rows: 1 });
    });
  });

  it('reads chunks stored before the storage change and still recognises their re-sends', async () => {
    const sessionId = await newSession();
    const chunks = chunksOf(sessionId, points, 100);
    chunks[1].completed_splits = [{ split_number: 1, distance_meters: 1000 }];
    chunks[1].pause_intervals = [
      {
        paused_at: new Date(points[120].timestamp).toISOString(),
        resumed_at: new Date(points[123].timestamp).toISOString(),
      },
    ];
    chunks[chunks.length - 1].cumulative = {
      total_distance_meters: 1234,
      total_duration_seconds: 456,
      avg_pace_seconds_per_km: 0,
    };
    const migration = new RunChunksPayload1765010000000();
    // The migrations after it, down and up again around it (the binary rows of the other tests).
    const binaryPayload = new RunChunksBinaryPayload1765320000000();
    // As the schema owner: the app's role may not alter tables.
    await withOwnerQueryRunner(async (runner_) => {
      await binaryPayload.down(runner_);
      await migration.down(runner_);
      for (const chunk of chunks) {
        await runner_.query(
          `INSERT INTO run_chunks (session_id, sequence, chunk_type, raw_gps_points, chunk_summary, cumulative,
                                   completed_splits, pause_intervals, point_count, payload_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            sessionId,
            chunk.sequence,
            chunk.chunk_type,
            JSON.stringify(chunk.raw_gps_points),
            JSON.stringify(chunk.chunk_summary),
            JSON.stringify(chunk.cumulative),
            JSON.stringify(chunk.completed_splits),
            JSON.stringify(chunk.pause_intervals),
            chunk.raw_gps_points.length,
            jsonPayloadHash(chunk as ChunkUpload),
          ],
        );
      }
      await runner_.query(`UPDATE run_sessions SET chunk_count = $2 WHERE id = $1`, [
        sessionId,
        chunks.length,
      ]);
      await migration.up(runner_);
      await binaryPayload.up(runner_);
    });

    const [stored] = await dataSource.query(
      `SELECT id, payload FROM run_chunks WHERE session_id = $1 AND sequence = 1`,
      [sessionId],
    );
    const { session_id: _ignored, ...content } = chunks[1];
    expect(JSON.parse((stored.payload as Buffer).toString('utf8'))).toEqual({
      ...content,
      filtered_points: null,
    });

    const resent = await postChunk(sessionId, chunks[1]).expect(201);
    expect(resent.body.chunk_id).toBe(stored.id);
    const changed = await postChunk(sessionId, {
      ...chunks[1],
      raw_gps_points: chunks[1].raw_gps_points.slice(3),
    });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('DUPLICATE_CHUNK');

    const recoverable = await http()
      .get('/api/v1/runs/sessions/recover')
      .set('Authorization', runner.authorization)
      .expect(200);
    const listed = recoverable.body.data.find((s: { session_id: string }) => s.session_id === sessionId);
    expect(listed.uploaded_chunk_sequences).toEqual(chunks.map((c) => c.sequence));
    expect(listed.last_cumulative).toEqual({ total_distance_meters: 1234, total_duration_seconds: 456 });

    const recovered = await http()
      .post(`/api/v1/runs/sessions/${sessionId}/recover`)
      .set('Authorization', runner.authorization)
      .send({
        finished_at: new Date(points[points.length - 1].timestamp).toISOString(),
        total_chunks: chunks.length,
      })
      .expect(200);
    expect(recovered.body.missing_chunk_sequences).toEqual([]);
    const measured = trackLength(points);
    expect(Math.abs(recovered.body.recovered_distance_meters - measured)).toBeLessThan(measured * 0.05);
  });

  it('reads chunks stored as JSON before the binary form, and the way down rewrites binary ones into it', async () => {
    const sessionId = await newSession();
    const chunks = chunksOf(sessionId, points, 100);
    chunks[1].completed_splits = [{ split_number: 1, distance_meters: 1000 }];
    await postBatch(sessionId, chunks.slice(0, 3)).expect(200);
    await postChunk(sessionId, chunks[3]).expect(201);
    const storedRows = () =>
      dataSource.query(
        `SELECT id, sequence, payload, payload_hash FROM run_chunks WHERE session_id = $1 ORDER BY sequence`,
        [sessionId],
      ) as Promise<Array<{ id: string; sequence: number; payload: Buffer; payload_hash: string }>>;
    const binaryRows = await storedRows();
    expect(binaryRows.map((row) => row.payload[0])).toEqual([0, 0, 0, 0]);

    const migration = new RunChunksBinaryPayload1765320000000();
    await withOwnerQueryRunner(async (runner_) => {
      // Down: every row as the code before the binary form stores it (its canonical JSON and hash) …
      await migration.down(runner_);
      const jsonRows = await storedRows();
      for (const [i, row] of jsonRows.entries()) {
        const { session_id: _ignored, ...content } = chunks[i];
        expect(row.id).toBe(binaryRows[i].id);
        expect(JSON.parse(row.payload.toString('utf8'))).toEqual({ ...content, filtered_points: null });
        expect(row.payload_hash).toBe(jsonPayloadHash(chunks[i] as ChunkUpload));
      }
      // … and up again: those JSON rows stay as they are.
      await migration.up(runner_);
    });
    expect((await storedRows()).map((row) => row.payload[0])).toEqual([0x7b, 0x7b, 0x7b, 0x7b]);

    const resent = await postChunk(sessionId, chunks[1]).expect(201);
    expect(resent.body.chunk_id).toBe(binaryRows[1].id);
    const changed = await postChunk(sessionId, {
      ...chunks[1],
      raw_gps_points: chunks[1].raw_gps_points.slice(1),
    });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('DUPLICATE_CHUNK');
    const batch = await postBatch(sessionId, [
      chunks[2],
      chunks[4],
      { ...chunks[3], chunk_type: 'final' },
    ]).expect(200);
    expect(batch.body).toEqual({ received_sequences: [2, 4], failed_sequences: [3] });
    expect(await sessionCounters(sessionId)).toEqual({ chunk_count: 5, rows: 5 });

    const recovered = await http()
      .post(`/api/v1/runs/sessions/${sessionId}/recover`)
      .set('Authorization', runner.authorization)
      .send({ finished_at: new Date(points[499].timestamp).toISOString(), total_chunks: 5 })
      .expect(200);
    expect(recovered.body.missing_chunk_sequences).toEqual([]);
    const measured = trackLength(points.slice(0, 500));
    expect(Math.abs(recovered.body.recovered_distance_meters - measured)).toBeLessThan(measured * 0.05);
  });
});
