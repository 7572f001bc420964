import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { inTransaction, type RunSessionStatus } from '@runvs/database';
import {
  type ChunkPause,
  gpsTemporalOrderWarning,
  mergeChunkPauses,
  mergeChunkSplits,
  pausesToIntervals,
} from '@runvs/geo';
import { LivePublisher } from '@runvs/live';
import { OutboxService } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { RunRecordsService } from '../records/run-records.service';
import type { RecoverView, RunCompletionView } from '../records/run-views';
import {
  type ChunkUpload,
  chunkPayloadHash,
  chunkTrackPoints,
  EMERGENCY_SEQUENCE_START,
  type FieldProblem,
  validateChunk,
} from './chunk-payload';
import type {
  BatchReceipt,
  ChunkReceipt,
  CompleteRunInput,
  CreateSessionInput,
  RecoverableSession,
  RecoverInput,
} from './run-sessions.types';

interface SessionRow {
  id: string;
  user_id: string;
  course_id: string | null;
  status: RunSessionStatus;
  started_at: Date;
  run_record_id: string | null;
  device_info: { device_model?: string } | null;
}

interface StoredChunk {
  sequence: number;
  raw_gps_points: ChunkUpload['raw_gps_points'];
  filtered_points: ChunkUpload['filtered_points'];
  cumulative: Record<string, unknown> | null;
  completed_splits: unknown[];
  pause_intervals: unknown[];
}

export function validationFailure(problems: FieldProblem[]): DomainError {
  return new DomainError('VALIDATION_ERROR', `Invalid request: ${problems.map((p) => p.field).join(', ')}`, {
    fields: problems,
  });
}

/** Sequences 0…total−1 the server does not hold (emergency chunks are extra, never "missing"). */
export function missingSequences(totalChunks: number, stored: readonly number[]): number[] {
  const have = new Set(stored);
  const missing: number[] = [];
  for (let s = 0; s < Math.min(totalChunks, EMERGENCY_SEQUENCE_START); s++) if (!have.has(s)) missing.push(s);
  return missing;
}

/**
 * Live run sessions: creation, chunk upload (idempotent per sequence), completion, crash recovery
 * and discarding. Completion and recovery both end in `RunRecordsService.createFromTrack`.
 */
@Injectable()
export class RunSessionsService {
  private readonly logger = new Logger(RunSessionsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly records: RunRecordsService,
    private readonly live: LivePublisher,
  ) {}

  async create(
    userId: string,
    input: CreateSessionInput,
  ): Promise<{ session_id: string; created_at: string }> {
    if (input.courseId) {
      const [course] = (await this.dataSource.query(`SELECT is_hidden FROM courses WHERE id = $1`, [
        input.courseId,
      ])) as Array<{ is_hidden: boolean }>;
      if (!course) throw notFound('Course');
    }
    const [row] = (await this.dataSource.query(
      `INSERT INTO run_sessions (user_id, course_id, started_at, device_info) VALUES ($1, $2, $3, $4)
       RETURNING id, created_at`,
      [userId, input.courseId, input.startedAt, input.deviceInfo ? JSON.stringify(input.deviceInfo) : null],
    )) as Array<{ id: string; created_at: Date }>;
    await this.announceStart(row.id);
    return { session_id: row.id, created_at: row.created_at.toISOString() };
  }

  /** Live event to the runner's followers (as `GET /follows/friends-running` lists it). */
  private async announceStart(sessionId: string): Promise<void> {
    const [session] = (await this.dataSource.query(
      `SELECT s.id, s.user_id, s.started_at, u.nickname, u.avatar_url, c.id AS course_id, c.title AS course_title
         FROM run_sessions s JOIN users u ON u.id = s.user_id
         LEFT JOIN courses c ON c.id = s.course_id AND c.is_public AND NOT c.is_hidden
        WHERE s.id = $1`,
      [sessionId],
    )) as Array<{
      id: string;
      user_id: string;
      started_at: Date;
      nickname: string | null;
      avatar_url: string | null;
      course_id: string | null;
      course_title: string | null;
    }>;
    if (!session) return;
    await this.live.toFollowersOf(session.user_id, 'friend_run_started', {
      user: { id: session.user_id, nickname: session.nickname, avatar_url: session.avatar_url },
      session_id: session.id,
      started_at: session.started_at.toISOString(),
      course_id: session.course_id,
      course_title: session.course_title,
    });
  }

  /**
   * One chunk. An identical re-send of a stored sequence is acknowledged with the stored chunk
   * (whatever the session's state now); a different payload for it is 409 DUPLICATE_CHUNK.
   */
  async addChunk(userId: string, sessionId: string, chunk: ChunkUpload): Promise<ChunkReceipt> {
    const problems = validateChunk(chunk, Date.now());
    if (problems.length > 0) throw validationFailure(problems);
    const hash = chunkPayloadHash(chunk);
    this.warnOnDisorder(sessionId, chunk);
    return inTransaction(this.dataSource, async (manager) => {
      const session = await this.sessionForChunks(manager, userId, sessionId);
      const existing = await this.storedChunk(manager, sessionId, chunk.sequence);
      if (existing) {
        if (existing.payload_hash !== hash) {
          throw new DomainError(
            'DUPLICATE_CHUNK',
            `Chunk ${chunk.sequence} was already received with other content`,
          );
        }
        return receipt(existing);
      }
      assertAcceptsChunks(session);
      const [inserted] = await this.insertChunks(manager, sessionId, [{ chunk, hash }]);
      if (!inserted) {
        // A concurrent identical upload won the race.
        const raced = await this.storedChunk(manager, sessionId, chunk.sequence);
        if (!raced || raced.payload_hash !== hash) {
          throw new DomainError(
            'DUPLICATE_CHUNK',
            `Chunk ${chunk.sequence} was already received with other content`,
          );
        }
        return receipt(raced);
      }
      return receipt(inserted);
    });
  }

  /**
   * Several chunks: stored ones (identical) count as received, new ones are inserted; a stored
   * sequence with different content, or new chunks for a session that no longer takes any, are
   * reported in `failed_sequences`. Any invalid chunk fails the whole request with 422.
   */
  async addChunks(userId: string, sessionId: string, chunks: ChunkUpload[]): Promise<BatchReceipt> {
    const now = Date.now();
    const problems = chunks.flatMap((chunk, i) => validateChunk(chunk, now, `chunks[${i}].`));
    if (problems.length > 0) throw validationFailure(problems);
    const seen = new Map<number, string>();
    const failed = new Set<number>();
    for (const chunk of chunks) {
      const hash = chunkPayloadHash(chunk);
      const prior = seen.get(chunk.sequence);
      if (prior !== undefined && prior !== hash) failed.add(chunk.sequence);
      seen.set(chunk.sequence, hash);
    }
    return inTransaction(this.dataSource, async (manager) => {
      const session = await this.sessionForChunks(manager, userId, sessionId);
      const stored = (await manager.query(
        `SELECT sequence, payload_hash FROM run_chunks WHERE session_id = $1 AND sequence = ANY($2::int[])`,
        [sessionId, [...seen.keys()]],
      )) as Array<{ sequence: number; payload_hash: string }>;
      const received = new Set<number>();
      for (const row of stored) {
        if (failed.has(row.sequence)) continue;
        if (row.payload_hash === seen.get(row.sequence)) received.add(row.sequence);
        else failed.add(row.sequence);
      }
      const fresh = chunks.filter(
        (c, i) =>
          !received.has(c.sequence) &&
          !failed.has(c.sequence) &&
          chunks.findIndex((other) => other.sequence === c.sequence) === i,
      );
      if (fresh.length > 0) {
        if (session.status !== 'active') {
          for (const c of fresh) failed.add(c.sequence);
        } else {
          const inserted = await this.insertChunks(
            manager,
            sessionId,
            fresh.map((chunk) => ({ chunk, hash: seen.get(chunk.sequence)! })),
          );
          for (const row of inserted) received.add(row.sequence);
          for (const c of fresh) if (!received.has(c.sequence)) failed.add(c.sequence);
        }
      }
      return {
        received_sequences: [...received].sort((a, b) => a - b),
        failed_sequences: [...failed].sort((a, b) => a - b),
      };
    });
  }

  /** GET /runs/sessions/recover: my unfinished sessions and what the server holds of each. */
  async recoverable(userId: string): Promise<{ data: RecoverableSession[] }> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.course_id, s.started_at, s.last_chunk_at,
              COALESCE(array_agg(c.sequence ORDER BY c.sequence) FILTER (WHERE c.sequence IS NOT NULL), '{}') AS sequences,
              (SELECT cumulative FROM run_chunks l WHERE l.session_id = s.id AND l.cumulative IS NOT NULL
                ORDER BY l.sequence DESC LIMIT 1) AS last_cumulative
         FROM run_sessions s LEFT JOIN run_chunks c ON c.session_id = s.id
        WHERE s.user_id = $1 AND s.status = 'active'
        GROUP BY s.id
        ORDER BY s.started_at DESC`,
      [userId],
    )) as Array<{
      id: string;
      course_id: string | null;
      started_at: Date;
      last_chunk_at: Date | null;
      sequences: number[];
      last_cumulative: Record<string, unknown> | null;
    }>;
    return {
      data: rows.map((row) => ({
        session_id: row.id,
        course_id: row.course_id,
        started_at: row.started_at.toISOString(),
        last_chunk_at: row.last_chunk_at?.toISOString() ?? null,
        chunk_count: row.sequences.length,
        uploaded_chunk_sequences: row.sequences,
        last_cumulative: row.last_cumulative
          ? {
              total_distance_meters: Number(row.last_cumulative.total_distance_meters ?? 0) || 0,
              total_duration_seconds: Number(row.last_cumulative.total_duration_seconds ?? 0) || 0,
            }
          : null,
      })),
    };
  }

  /**
   * POST /runs/sessions/{id}/complete: the record (server-measured from the stored chunks, else the
   * submitted route) and its pipeline intent in one transaction; a second call returns the same
   * record. Answers once the pipeline is done or the configured budget has passed.
   */
  async complete(userId: string, sessionId: string, input: CompleteRunInput): Promise<RunCompletionView> {
    const { runRecordId, stored } = await this.outbox.transaction(async (manager, enqueue) => {
      const session = await this.lockSession(manager, userId, sessionId);
      const stored = await this.storedSequences(manager, sessionId);
      if (session.run_record_id) return { runRecordId: session.run_record_id, stored };
      if (session.status !== 'active') {
        throw new DomainError('INVALID_SESSION_STATE', `The session is ${session.status}`);
      }
      if (input.finished_at.getTime() < session.started_at.getTime()) {
        throw validationFailure([
          { field: 'finished_at', messages: ['finished_at must not be before the session start'] },
        ]);
      }
      const chunks = await this.chunks(manager, sessionId);
      const mergedPauses = mergeChunkPauses<ChunkPause>([
        ...chunks.map((c) => c.pause_intervals as ChunkPause[]),
        input.pause_intervals ?? [],
      ]);
      const coordinates = input.route_geometry?.coordinates ?? [];
      const created = await this.records.createFromTrack(manager, enqueue, {
        userId,
        source: 'live',
        sessionId,
        courseId: session.course_id,
        points: chunkTrackPoints(chunks),
        pauses: pausesToIntervals(mergedPauses, input.finished_at.getTime()),
        fallbackRoute:
          coordinates.length >= 2 ? coordinates.map((c) => [c[0], c[1]] as [number, number]) : null,
        startedAt: session.started_at,
        finishedAt: input.finished_at,
        clientSummary: {
          distanceMeters: input.distance_meters,
          durationSeconds: input.duration_seconds,
          totalElapsedSeconds: input.total_elapsed_seconds ?? null,
          reported: clientReported(input),
        },
        pauseIntervals: mergedPauses,
        filterConfig: input.filter_config ?? null,
        goalData: input.goal_data ?? null,
        checkpointPasses: input.checkpoint_passes ?? null,
        deviceModel: session.device_info?.device_model ?? null,
      });
      await manager.query(
        `UPDATE run_sessions SET status = 'completed', run_record_id = $2, ended_at = now() WHERE id = $1`,
        [sessionId, created.id],
      );
      return { runRecordId: created.id, stored };
    });
    await this.records.waitForPipeline(runRecordId, this.config.runs.completeRankingWaitMs);
    return this.records.completionView(runRecordId, missingSequences(input.total_chunks ?? 0, stored));
  }

  /**
   * POST /runs/sessions/{id}/recover (Decision 7): a record from the stored chunks, splits and
   * pauses merged rather than concatenated; the same pipeline as a completed run. A second recover
   * returns the first record; a session completed normally is 409 ALREADY_COMPLETED.
   */
  async recover(userId: string, sessionId: string, input: RecoverInput): Promise<RecoverView> {
    const { runRecordId, stored } = await this.outbox.transaction(async (manager, enqueue) => {
      const session = await this.lockSession(manager, userId, sessionId);
      const stored = await this.storedSequences(manager, sessionId);
      if (session.status === 'recovered' && session.run_record_id) {
        return { runRecordId: session.run_record_id, stored };
      }
      if (session.status === 'completed')
        throw new DomainError('ALREADY_COMPLETED', 'The session is already completed');
      if (session.status !== 'active')
        throw new DomainError('INVALID_SESSION_STATE', `The session is ${session.status}`);
      if (stored.length === 0)
        throw new DomainError('NO_CHUNKS', 'The session has no chunks to recover from');
      const chunks = await this.chunks(manager, sessionId);
      const finishedAt = input.finished_at < session.started_at ? session.started_at : input.finished_at;
      const pauses = mergeChunkPauses<ChunkPause>(chunks.map((c) => c.pause_intervals as ChunkPause[]));
      const splits = mergeChunkSplits(
        chunks.map((c) => c.completed_splits as Array<{ split_number?: number }>),
      );
      const last = [...chunks].reverse().find((c) => c.cumulative)?.cumulative ?? null;
      const points = chunkTrackPoints(chunks);
      const lastFix = points.reduce<number | null>(
        (m, p) => (p.time !== null && (m === null || p.time > m) ? p.time : m),
        null,
      );
      const created = await this.records.createFromTrack(manager, enqueue, {
        userId,
        source: 'recovered',
        sessionId,
        courseId: session.course_id,
        points,
        pauses: pausesToIntervals(pauses, lastFix ?? finishedAt.getTime()),
        startedAt: session.started_at,
        finishedAt,
        clientSummary: last
          ? {
              distanceMeters: Number(last.total_distance_meters ?? 0) || 0,
              durationSeconds: Number(last.total_duration_seconds ?? 0) || 0,
              reported: { cumulative: last, splits },
            }
          : null,
        pauseIntervals: pauses,
        deviceModel: session.device_info?.device_model ?? null,
      });
      await manager.query(
        `UPDATE run_sessions SET status = 'recovered', run_record_id = $2, ended_at = now() WHERE id = $1`,
        [sessionId, created.id],
      );
      return { runRecordId: created.id, stored };
    });
    const [run] = (await this.dataSource.query(
      `SELECT distance_meters, duration_seconds FROM run_records WHERE id = $1`,
      [runRecordId],
    )) as Array<{ distance_meters: number; duration_seconds: number }>;
    return {
      run_record_id: runRecordId,
      recovered_distance_meters: run?.distance_meters ?? 0,
      recovered_duration_seconds: run?.duration_seconds ?? 0,
      missing_chunk_sequences: missingSequences(input.total_chunks, stored),
    };
  }

  /** DELETE /runs/sessions/{id}: the app discarded an unfinished run; its chunks go, no record is made. */
  async discard(userId: string, sessionId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const session = await this.lockSession(manager, userId, sessionId);
      if (session.status === 'discarded') return;
      if (session.status !== 'active')
        throw new DomainError('INVALID_SESSION_STATE', `The session is ${session.status}`);
      await manager.query(`DELETE FROM run_chunks WHERE session_id = $1`, [sessionId]);
      await manager.query(`UPDATE run_sessions SET status = 'discarded', ended_at = now() WHERE id = $1`, [
        sessionId,
      ]);
    });
  }

  private async lockSession(manager: EntityManager, userId: string, sessionId: string): Promise<SessionRow> {
    const [session] = (await manager.query(
      `SELECT id, user_id, course_id, status, started_at, run_record_id, device_info
         FROM run_sessions WHERE id = $1 FOR UPDATE`,
      [sessionId],
    )) as SessionRow[];
    if (!session || session.user_id !== userId) throw notFound('Run session');
    return session;
  }

  /**
   * The session for a chunk write, held with KEY SHARE: concurrent chunk uploads do not block each
   * other, but a complete/recover (FOR UPDATE) waits for them, so it sees every committed chunk.
   */
  private async sessionForChunks(
    manager: EntityManager,
    userId: string,
    sessionId: string,
  ): Promise<SessionRow> {
    const [session] = (await manager.query(
      `SELECT id, user_id, course_id, status, started_at, run_record_id, device_info
         FROM run_sessions WHERE id = $1 FOR KEY SHARE`,
      [sessionId],
    )) as SessionRow[];
    if (!session || session.user_id !== userId) throw notFound('Run session');
    return session;
  }

  private async storedChunk(
    manager: EntityManager,
    sessionId: string,
    sequence: number,
  ): Promise<{ id: string; sequence: number; payload_hash: string; created_at: Date } | undefined> {
    const [row] = (await manager.query(
      `SELECT id, sequence, payload_hash, created_at FROM run_chunks WHERE session_id = $1 AND sequence = $2`,
      [sessionId, sequence],
    )) as Array<{ id: string; sequence: number; payload_hash: string; created_at: Date }>;
    return row;
  }

  private async insertChunks(
    manager: EntityManager,
    sessionId: string,
    chunks: Array<{ chunk: ChunkUpload; hash: string }>,
  ): Promise<Array<{ id: string; sequence: number; created_at: Date }>> {
    const params: unknown[] = [sessionId];
    const rows = chunks.map(({ chunk, hash }) => {
      const base = params.length;
      params.push(
        chunk.sequence,
        chunk.chunk_type,
        JSON.stringify(chunk.raw_gps_points),
        chunk.filtered_points ? JSON.stringify(chunk.filtered_points) : null,
        chunk.chunk_summary ? JSON.stringify(chunk.chunk_summary) : null,
        chunk.cumulative ? JSON.stringify(chunk.cumulative) : null,
        JSON.stringify(chunk.completed_splits ?? []),
        JSON.stringify(chunk.pause_intervals ?? []),
        chunk.raw_gps_points.length,
        hash,
      );
      return `($1, ${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    const inserted = (await manager.query(
      `INSERT INTO run_chunks (session_id, sequence, chunk_type, raw_gps_points, filtered_points, chunk_summary,
                               cumulative, completed_splits, pause_intervals, point_count, payload_hash)
       VALUES ${rows.join(', ')}
       ON CONFLICT (session_id, sequence) DO NOTHING
       RETURNING id, sequence, created_at`,
      params,
    )) as Array<{ id: string; sequence: number; created_at: Date }>;
    if (inserted.length > 0) {
      await manager.query(
        `UPDATE run_sessions SET chunk_count = chunk_count + $2, last_chunk_at = now() WHERE id = $1`,
        [sessionId, inserted.length],
      );
    }
    return inserted;
  }

  private async storedSequences(manager: EntityManager, sessionId: string): Promise<number[]> {
    const rows = (await manager.query(
      `SELECT sequence FROM run_chunks WHERE session_id = $1 ORDER BY sequence`,
      [sessionId],
    )) as Array<{ sequence: number }>;
    return rows.map((row) => row.sequence);
  }

  private async chunks(manager: EntityManager, sessionId: string): Promise<StoredChunk[]> {
    return (await manager.query(
      `SELECT sequence, raw_gps_points, filtered_points, cumulative, completed_splits, pause_intervals
         FROM run_chunks WHERE session_id = $1 ORDER BY sequence`,
      [sessionId],
    )) as StoredChunk[];
  }

  /** Out-of-order timestamps are a warning only (reference behaviour; cleaning sorts them). */
  private warnOnDisorder(sessionId: string, chunk: ChunkUpload): void {
    const warning = gpsTemporalOrderWarning(chunk.raw_gps_points);
    if (warning) this.logger.warn(`session ${sessionId} chunk ${chunk.sequence}: ${warning}`);
  }
}

function assertAcceptsChunks(session: SessionRow): void {
  if (session.status === 'completed')
    throw new DomainError('SESSION_COMPLETED', 'The session is already completed');
  if (session.status !== 'active')
    throw new DomainError('INVALID_SESSION_STATE', `The session is ${session.status}`);
}

function receipt(row: { id: string; sequence: number; created_at: Date }): ChunkReceipt {
  return { chunk_id: row.id, sequence: row.sequence, received_at: row.created_at.toISOString() };
}

/** The client's own numbers, stored beside ours (Decision 1). */
function clientReported(input: CompleteRunInput): Record<string, unknown> {
  return {
    distance_meters: input.distance_meters,
    duration_seconds: input.duration_seconds,
    total_elapsed_seconds: input.total_elapsed_seconds ?? null,
    avg_pace_seconds_per_km: input.avg_pace_seconds_per_km ?? null,
    best_pace_seconds_per_km: input.best_pace_seconds_per_km ?? null,
    avg_speed_ms: input.avg_speed_ms ?? null,
    max_speed_ms: input.max_speed_ms ?? null,
    calories: input.calories ?? null,
    elevation_gain_meters: input.elevation_gain_meters ?? 0,
    elevation_loss_meters: input.elevation_loss_meters ?? 0,
    elevation_profile: input.elevation_profile ?? [],
    splits: input.splits ?? [],
    course_completion: input.course_completion ?? null,
  };
}
