import { courseVisibleSql, listedCourseSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type DeviceInfo,
  type PreparedStatement,
  queryPrepared,
  type RunSessionStatus,
} from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';
import { type ChunkContent, type ChunkType, parseChunkPayload } from './chunk-payload';

export interface SessionRow {
  id: string;
  user_id: string;
  course_id: string | null;
  status: RunSessionStatus;
  started_at: Date;
  run_record_id: string | null;
  device_info: { device_model?: string } | null;
}

/** A chunk ready to store: its content serialised once, with the hash of those bytes. */
export interface ChunkToStore {
  sequence: number;
  chunkType: ChunkType;
  payload: Buffer;
  hash: string;
  /** the payload is the binary form (see SerialisedChunk) */
  binary: boolean;
  cumulative: Record<string, unknown> | null;
  pointCount: number;
}

export interface StoredChunkRef {
  id: string;
  sequence: number;
  payload_hash: string;
  created_at: Date;
}

/** What one chunk write found and did, in one statement. */
export interface ChunkWriteOutcome {
  /** null: no such session */
  session: { user_id: string; status: RunSessionStatus } | null;
  /** the chunk already stored under this sequence, when there was one */
  existing: StoredChunkRef | null;
  /** the row this statement inserted */
  inserted: StoredChunkRef | null;
}

export interface BatchWriteOutcome {
  session: { user_id: string; status: RunSessionStatus } | null;
  /** sequences of the request already stored, with their hashes */
  stored: Array<{ sequence: number; payload_hash: string }>;
  inserted: number[];
}

export interface StartAnnouncementRow {
  id: string;
  user_id: string;
  started_at: Date;
  nickname: string | null;
  avatar_url: string | null;
  course_id: string | null;
  course_title: string | null;
}

export interface RecoverableRow {
  id: string;
  course_id: string | null;
  started_at: Date;
  last_chunk_at: Date | null;
  sequences: number[];
  last_cumulative: Record<string, unknown> | null;
}

const SESSION_COLUMNS = `id, user_id, course_id, status, started_at, run_record_id, device_info`;

/**
 * One chunk in one autocommit statement (it used to be a six-statement transaction): the session is
 * held with KEY SHARE — concurrent chunk writes do not wait for each other, while a complete or
 * recover (FOR UPDATE) waits for them and so sees every committed chunk — the sequence's stored
 * chunk is looked up, and the chunk is inserted and counted only when the session is the caller's,
 * still active and the sequence free. The caller decides from the returned row; a concurrent
 * identical upload that won the race shows as neither existing nor inserted.
 */
const WRITE_CHUNK: PreparedStatement = {
  name: 'runvs-run-chunks-write-v1',
  text: `
    WITH session AS (
      SELECT user_id, status FROM run_sessions WHERE id = $1 FOR KEY SHARE
    ), existing AS (
      SELECT id, sequence, payload_hash, created_at FROM run_chunks WHERE session_id = $1 AND sequence = $3
    ), inserted AS (
      INSERT INTO run_chunks (session_id, sequence, chunk_type, payload, cumulative, point_count, payload_hash)
      SELECT $1, $3, $4, $5, $6, $7, $8 FROM session
       WHERE session.user_id = $2 AND session.status = 'active' AND NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT (session_id, sequence) DO NOTHING
      RETURNING id, sequence, payload_hash, created_at
    ), counted AS (
      UPDATE run_sessions SET chunk_count = chunk_count + 1, last_chunk_at = now()
       WHERE id = $1 AND EXISTS (SELECT 1 FROM inserted)
    )
    SELECT (SELECT row_to_json(s) FROM session s) AS session,
           (SELECT row_to_json(e) FROM existing e) AS existing,
           (SELECT row_to_json(i) FROM inserted i) AS inserted`,
};

/** Several chunks in one statement, with the same rules (see WRITE_CHUNK); prepared per batch size. */
function writeChunksStatement(count: number): PreparedStatement {
  const rows = Array.from({ length: count }, (_, i) => {
    const at = 3 + i * 6;
    return `($${at}::int, $${at + 1}::varchar, $${at + 2}::bytea, $${at + 3}::jsonb, $${at + 4}::int, $${at + 5}::char(64))`;
  });
  return {
    name: `runvs-run-chunks-write-batch-v1-${count}`,
    text: `
      WITH session AS (
        SELECT user_id, status FROM run_sessions WHERE id = $1 FOR KEY SHARE
      ), incoming (sequence, chunk_type, payload, cumulative, point_count, payload_hash) AS (
        VALUES ${rows.join(', ')}
      ), stored AS (
        SELECT c.sequence, c.payload_hash FROM run_chunks c
         WHERE c.session_id = $1 AND c.sequence IN (SELECT sequence FROM incoming)
      ), inserted AS (
        INSERT INTO run_chunks (session_id, sequence, chunk_type, payload, cumulative, point_count, payload_hash)
        SELECT $1, i.sequence, i.chunk_type, i.payload, i.cumulative, i.point_count, i.payload_hash
          FROM incoming i JOIN session s ON s.user_id = $2 AND s.status = 'active'
         WHERE NOT EXISTS (SELECT 1 FROM stored WHERE stored.sequence = i.sequence)
        ON CONFLICT (session_id, sequence) DO NOTHING
        RETURNING sequence
      ), counted AS (
        UPDATE run_sessions SET chunk_count = chunk_count + (SELECT count(*) FROM inserted), last_chunk_at = now()
         WHERE id = $1 AND EXISTS (SELECT 1 FROM inserted)
      )
      SELECT (SELECT row_to_json(s) FROM session s) AS session,
             (SELECT coalesce(json_agg(json_build_object('sequence', sequence, 'payload_hash', payload_hash)), '[]')
                FROM stored) AS stored,
             (SELECT coalesce(array_agg(sequence), '{}') FROM inserted) AS inserted`,
  };
}

/** A json-aggregated row's timestamp comes back as text. */
function chunkRef(row: (Omit<StoredChunkRef, 'created_at'> & { created_at: string | Date }) | null) {
  return row ? { ...row, created_at: new Date(row.created_at) } : null;
}

/** The SQL of live sessions and their chunks (run_sessions, run_chunks). */
@Injectable()
export class RunSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The course exists and the runner may see it (the courses' visibility rule): only then may they run it. */
  async courseVisible(courseId: string, userId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM courses c WHERE c.id = $1 AND ${courseVisibleSql('c', '$2')}`,
      [courseId, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  async insertSession(
    userId: string,
    courseId: string | null,
    startedAt: Date,
    deviceInfo: DeviceInfo | null,
    ghostOf: string | null = null,
  ): Promise<{ id: string; created_at: Date }> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO run_sessions (user_id, course_id, started_at, device_info, ghost_of) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, created_at`,
      [userId, courseId, startedAt, deviceInfo ? JSON.stringify(deviceInfo) : null, ghostOf],
    )) as Array<{ id: string; created_at: Date }>;
    return row;
  }

  /** The ghost the session races (`me`, `leader` or a user id). */
  async setGhost(manager: EntityManager, sessionId: string, ghostOf: string): Promise<void> {
    await manager.query(`UPDATE run_sessions SET ghost_of = $2 WHERE id = $1`, [sessionId, ghostOf]);
  }

  /** What followers are told when a session starts (as `GET /follows/friends-running` lists it). */
  async startAnnouncement(sessionId: string): Promise<StartAnnouncementRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT s.id, s.user_id, s.started_at, u.nickname, u.avatar_url, c.id AS course_id, c.title AS course_title
         FROM run_sessions s JOIN users u ON u.id = s.user_id
         LEFT JOIN courses c ON c.id = s.course_id AND ${listedCourseSql('c')}
        WHERE s.id = $1`,
      [sessionId],
    )) as StartAnnouncementRow[];
    return row;
  }

  async writeChunk(userId: string, sessionId: string, chunk: ChunkToStore): Promise<ChunkWriteOutcome> {
    const [row] = await queryPrepared<{
      session: ChunkWriteOutcome['session'];
      existing: Parameters<typeof chunkRef>[0];
      inserted: Parameters<typeof chunkRef>[0];
    }>(this.dataSource, WRITE_CHUNK, [
      sessionId,
      userId,
      chunk.sequence,
      chunk.chunkType,
      chunk.payload,
      chunk.cumulative === null ? null : JSON.stringify(chunk.cumulative),
      chunk.pointCount,
      chunk.hash,
    ]);
    return { session: row.session, existing: chunkRef(row.existing), inserted: chunkRef(row.inserted) };
  }

  /** `chunks` have distinct sequences. */
  async writeChunks(userId: string, sessionId: string, chunks: ChunkToStore[]): Promise<BatchWriteOutcome> {
    const values: unknown[] = [sessionId, userId];
    for (const chunk of chunks) {
      values.push(
        chunk.sequence,
        chunk.chunkType,
        chunk.payload,
        chunk.cumulative === null ? null : JSON.stringify(chunk.cumulative),
        chunk.pointCount,
        chunk.hash,
      );
    }
    const [row] = await queryPrepared<BatchWriteOutcome>(
      this.dataSource,
      writeChunksStatement(chunks.length),
      values,
    );
    return row;
  }

  async ownsSession(userId: string, sessionId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM run_sessions WHERE id = $1 AND user_id = $2`, [
      sessionId,
      userId,
    ])) as unknown[];
    return rows.length > 0;
  }

  async storedChunk(sessionId: string, sequence: number): Promise<StoredChunkRef | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, sequence, payload_hash, created_at FROM run_chunks WHERE session_id = $1 AND sequence = $2`,
      [sessionId, sequence],
    )) as StoredChunkRef[];
    return row;
  }

  /** The session row locked FOR UPDATE: chunk writes in flight finish first, later ones wait. */
  async lockSession(manager: EntityManager, sessionId: string): Promise<SessionRow | undefined> {
    const [session] = (await manager.query(
      `SELECT ${SESSION_COLUMNS} FROM run_sessions WHERE id = $1 FOR UPDATE`,
      [sessionId],
    )) as SessionRow[];
    return session;
  }

  async storedSequences(manager: EntityManager, sessionId: string): Promise<number[]> {
    const rows = (await manager.query(
      `SELECT sequence FROM run_chunks WHERE session_id = $1 ORDER BY sequence`,
      [sessionId],
    )) as Array<{ sequence: number }>;
    return rows.map((row) => row.sequence);
  }

  /** Every chunk's content in sequence order, parsed from the stored payloads. */
  async chunks(manager: EntityManager, sessionId: string): Promise<ChunkContent[]> {
    const rows = (await manager.query(
      `SELECT payload FROM run_chunks WHERE session_id = $1 ORDER BY sequence`,
      [sessionId],
    )) as Array<{ payload: Buffer }>;
    return rows.map((row) => parseChunkPayload(row.payload));
  }

  async markEnded(
    manager: EntityManager,
    sessionId: string,
    status: 'completed' | 'recovered',
    runRecordId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE run_sessions SET status = $3, run_record_id = $2, ended_at = now() WHERE id = $1`,
      [sessionId, runRecordId, status],
    );
  }

  async discard(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(`DELETE FROM run_chunks WHERE session_id = $1`, [sessionId]);
    await manager.query(`UPDATE run_sessions SET status = 'discarded', ended_at = now() WHERE id = $1`, [
      sessionId,
    ]);
  }

  async recoverable(userId: string): Promise<RecoverableRow[]> {
    return (await this.dataSource.query(
      `SELECT s.id, s.course_id, s.started_at, s.last_chunk_at,
              COALESCE(array_agg(c.sequence ORDER BY c.sequence) FILTER (WHERE c.sequence IS NOT NULL), '{}') AS sequences,
              (SELECT cumulative FROM run_chunks l WHERE l.session_id = s.id AND l.cumulative IS NOT NULL
                ORDER BY l.sequence DESC LIMIT 1) AS last_cumulative
         FROM run_sessions s LEFT JOIN run_chunks c ON c.session_id = s.id
        WHERE s.user_id = $1 AND s.status = 'active'
        GROUP BY s.id
        ORDER BY s.started_at DESC`,
      [userId],
    )) as RecoverableRow[];
  }

  async recordTotals(
    runRecordId: string,
  ): Promise<{ distance_meters: number; duration_seconds: number } | undefined> {
    const [run] = (await this.dataSource.query(
      `SELECT distance_meters, duration_seconds FROM run_records WHERE id = $1`,
      [runRecordId],
    )) as Array<{ distance_meters: number; duration_seconds: number }>;
    return run;
  }
}
