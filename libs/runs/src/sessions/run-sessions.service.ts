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
import { DataSource } from 'typeorm';
import { ghostOfText, parseGhostOf } from '../ghosts/ghost.service';
import { RunRecordsService } from '../records/run-records.service';
import type { RecoverView, RunCompletionView } from '../records/run-views';
import {
  type ChunkUpload,
  chunkTrackPoints,
  EMERGENCY_SEQUENCE_START,
  type FieldProblem,
  isSameChunk,
  serialiseChunk,
  validateChunk,
} from './chunk-payload';
import {
  type ChunkToStore,
  RunSessionsRepository,
  type SessionRow,
  type StoredChunkRef,
} from './run-sessions.repository';
import type {
  BatchReceipt,
  ChunkReceipt,
  CompleteRunInput,
  CreateSessionInput,
  RecoverableSession,
  RecoverInput,
} from './run-sessions.types';

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
    private readonly repository: RunSessionsRepository,
    private readonly live: LivePublisher,
  ) {}

  async create(
    userId: string,
    input: CreateSessionInput,
  ): Promise<{ session_id: string; created_at: string }> {
    const ghost = input.ghost == null ? null : ghostOfText(parseGhostOf(input.ghost, 'ghost'));
    if (input.courseId && !(await this.repository.courseVisible(input.courseId, userId)))
      throw notFound('Course');
    const row = await this.repository.insertSession(
      userId,
      input.courseId,
      input.startedAt,
      input.deviceInfo,
      ghost,
    );
    await this.announceStart(row.id);
    return { session_id: row.id, created_at: row.created_at.toISOString() };
  }

  /** Live event to the runner's followers (as `GET /follows/friends-running` lists it). */
  private async announceStart(sessionId: string): Promise<void> {
    const session = await this.repository.startAnnouncement(sessionId);
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
   * One chunk, in one database statement. An identical re-send of a stored sequence is acknowledged
   * with the stored chunk (whatever the session's state now); a different payload for it is 409
   * DUPLICATE_CHUNK; a new chunk for a session that no longer takes any is 409 too.
   */
  async addChunk(userId: string, sessionId: string, chunk: ChunkUpload): Promise<ChunkReceipt> {
    const problems = validateChunk(chunk, Date.now());
    if (problems.length > 0) throw validationFailure(problems);
    const toStore = chunkToStore(chunk);
    this.warnOnDisorder(sessionId, chunk);
    const outcome = await this.repository.writeChunk(userId, sessionId, toStore);
    if (!outcome.session || outcome.session.user_id !== userId) throw notFound('Run session');
    if (outcome.inserted) return receipt(outcome.inserted);
    if (outcome.existing) return receiptOfSame(outcome.existing, toStore, chunk);
    assertAcceptsChunks(outcome.session);
    // A concurrent identical upload committed between this statement's snapshot and its insert.
    const raced = await this.repository.storedChunk(sessionId, chunk.sequence);
    if (!raced) throw new Error(`chunk ${chunk.sequence} of session ${sessionId} neither stored nor found`);
    return receiptOfSame(raced, toStore, chunk);
  }

  /**
   * Several chunks in one database statement — the way to catch up after a dead zone: stored ones
   * (identical) count as received, new ones are inserted; a stored sequence with different content,
   * two different payloads for one sequence in the request, or new chunks for a session that no
   * longer takes any are reported in `failed_sequences`. Any invalid chunk fails the whole request
   * with 422.
   */
  async addChunks(userId: string, sessionId: string, chunks: ChunkUpload[]): Promise<BatchReceipt> {
    const now = Date.now();
    const problems = chunks.flatMap((chunk, i) => validateChunk(chunk, now, `chunks[${i}].`));
    if (problems.length > 0) throw validationFailure(problems);
    const bySequence = new Map<number, { chunk: ChunkUpload; toStore: ChunkToStore }>();
    const failed = new Set<number>();
    for (const chunk of chunks) {
      const toStore = chunkToStore(chunk);
      const prior = bySequence.get(chunk.sequence);
      if (prior && prior.toStore.hash !== toStore.hash) failed.add(chunk.sequence);
      if (!prior) bySequence.set(chunk.sequence, { chunk, toStore });
    }
    const candidates = [...bySequence.values()].map((c) => c.toStore).filter((c) => !failed.has(c.sequence));
    const received = new Set<number>();
    if (candidates.length > 0) {
      const outcome = await this.repository.writeChunks(userId, sessionId, candidates);
      if (!outcome.session || outcome.session.user_id !== userId) throw notFound('Run session');
      for (const sequence of outcome.inserted) received.add(sequence);
      const stored = new Map(outcome.stored.map((row) => [row.sequence, row.payload_hash]));
      for (const candidate of candidates) {
        if (received.has(candidate.sequence)) continue;
        const hash = stored.get(candidate.sequence);
        // Stored identical → received; stored different, a closed session or a lost race → failed.
        const sent = bySequence.get(candidate.sequence)!.chunk;
        if (hash !== undefined && isSameChunk(hash, candidate, sent)) received.add(candidate.sequence);
        else failed.add(candidate.sequence);
      }
    } else if (!(await this.repository.ownsSession(userId, sessionId))) {
      throw notFound('Run session');
    }
    return {
      received_sequences: [...received].sort((a, b) => a - b),
      failed_sequences: [...failed].sort((a, b) => a - b),
    };
  }

  /** GET /runs/sessions/recover: my unfinished sessions and what the server holds of each. */
  async recoverable(userId: string): Promise<{ data: RecoverableSession[] }> {
    const rows = await this.repository.recoverable(userId);
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
    const ghost = input.ghost == null ? null : ghostOfText(parseGhostOf(input.ghost, 'ghost'));
    const { runRecordId, stored, afterCommit } = await this.outbox.transaction(async (manager, enqueue) => {
      const session = await this.lockSession(manager, userId, sessionId);
      const stored = await this.repository.storedSequences(manager, sessionId);
      if (session.run_record_id) return { runRecordId: session.run_record_id, stored, afterCommit: null };
      if (session.status !== 'active') {
        throw new DomainError('INVALID_SESSION_STATE', `The session is ${session.status}`);
      }
      if (input.finished_at.getTime() < session.started_at.getTime()) {
        throw validationFailure([
          { field: 'finished_at', messages: ['finished_at must not be before the session start'] },
        ]);
      }
      const chunks = await this.repository.chunks(manager, sessionId);
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
      await this.repository.markEnded(manager, sessionId, 'completed', created.id);
      if (ghost) await this.repository.setGhost(manager, sessionId, ghost);
      return { runRecordId: created.id, stored, afterCommit: created.afterCommit };
    });
    await afterCommit?.();
    await this.records.waitForPipeline(runRecordId, this.config.runs.completeRankingWaitMs);
    return this.records.completionView(runRecordId, missingSequences(input.total_chunks ?? 0, stored));
  }

  /**
   * POST /runs/sessions/{id}/recover (Decision 7): a record from the stored chunks, splits and
   * pauses merged rather than concatenated; the same pipeline as a completed run. A second recover
   * returns the first record; a session completed normally is 409 ALREADY_COMPLETED.
   */
  async recover(userId: string, sessionId: string, input: RecoverInput): Promise<RecoverView> {
    const { runRecordId, stored, afterCommit } = await this.outbox.transaction(async (manager, enqueue) => {
      const session = await this.lockSession(manager, userId, sessionId);
      const stored = await this.repository.storedSequences(manager, sessionId);
      if (session.status === 'recovered' && session.run_record_id) {
        return { runRecordId: session.run_record_id, stored, afterCommit: null };
      }
      if (session.status === 'completed')
        throw new DomainError('ALREADY_COMPLETED', 'The session is already completed');
      if (session.status !== 'active')
        throw new DomainError('INVALID_SESSION_STATE', `The session is ${session.status}`);
      if (stored.length === 0)
        throw new DomainError('NO_CHUNKS', 'The session has no chunks to recover from');
      const chunks = await this.repository.chunks(manager, sessionId);
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
      await this.repository.markEnded(manager, sessionId, 'recovered', created.id);
      return { runRecordId: created.id, stored, afterCommit: created.afterCommit };
    });
    await afterCommit?.();
    const run = await this.repository.recordTotals(runRecordId);
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
      await this.repository.discard(manager, sessionId);
    });
  }

  private async lockSession(
    manager: Parameters<RunSessionsRepository['lockSession']>[0],
    userId: string,
    sessionId: string,
  ): Promise<SessionRow> {
    const session = await this.repository.lockSession(manager, sessionId);
    if (!session || session.user_id !== userId) throw notFound('Run session');
    return session;
  }

  /** Out-of-order timestamps are a warning only (reference behaviour; cleaning sorts them). */
  private warnOnDisorder(sessionId: string, chunk: ChunkUpload): void {
    const warning = gpsTemporalOrderWarning(chunk.raw_gps_points);
    if (warning) this.logger.warn(`session ${sessionId} chunk ${chunk.sequence}: ${warning}`);
  }
}

function chunkToStore(chunk: ChunkUpload): ChunkToStore {
  const { payload, hash, binary } = serialiseChunk(chunk);
  return {
    sequence: chunk.sequence,
    chunkType: chunk.chunk_type,
    payload,
    hash,
    binary,
    cumulative: chunk.cumulative ?? null,
    pointCount: chunk.raw_gps_points.length,
  };
}

/** The stored chunk when it holds the same content, else the conflict. */
function receiptOfSame(stored: StoredChunkRef, sent: ChunkToStore, chunk: ChunkUpload): ChunkReceipt {
  if (!isSameChunk(stored.payload_hash, sent, chunk)) {
    throw new DomainError(
      'DUPLICATE_CHUNK',
      `Chunk ${sent.sequence} was already received with other content`,
    );
  }
  return receipt(stored);
}

function assertAcceptsChunks(session: { status: RunSessionStatus }): void {
  if (session.status === 'completed')
    throw new DomainError('SESSION_COMPLETED', 'The session is already completed');
  if (session.status !== 'active')
    throw new DomainError('INVALID_SESSION_STATE', `The session is ${session.status}`);
}

function receipt(row: Pick<StoredChunkRef, 'id' | 'sequence' | 'created_at'>): ChunkReceipt {
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
