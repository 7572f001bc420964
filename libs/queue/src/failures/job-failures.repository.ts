import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobFailureResolution } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';

/** A job_failures row as the service uses it. */
export interface JobFailureRow {
  id: string;
  queue: string;
  job_name: string;
  job_id: string | null;
  payload: Record<string, unknown> | null;
  error: string;
  message: string;
  retryable: boolean;
  attempts: number;
  redrive_count: number;
  last_redriven_at: Date | null;
  next_redrive_at: Date | null;
  failed_at: Date;
  resolved_at: Date | null;
  resolution: JobFailureResolution | null;
}

export type JobFailureStatus = 'open' | 'resolved' | 'all';

export interface JobFailureFilter {
  status: JobFailureStatus;
  queue?: string;
  retryable?: boolean;
}

export interface NewJobFailure {
  queue: string;
  jobName: string;
  jobId: string | null;
  payload: unknown;
  error: string;
  message: string;
  retryable: boolean;
  attempts: number;
  nextRedriveAt: Date | null;
}

const COLUMNS = `id, queue, job_name, job_id, payload, error, message, retryable, attempts, redrive_count,
  last_redriven_at, next_redrive_at, failed_at, resolved_at, resolution`;

/** The SQL of job_failures (owned by libs/queue). */
@Injectable()
export class JobFailuresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(failure: NewJobFailure): Promise<string> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO job_failures (queue, job_name, job_id, payload, error, message, retryable, attempts, next_redrive_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING id`,
      [
        failure.queue,
        failure.jobName,
        failure.jobId,
        failure.payload === undefined ? null : JSON.stringify(failure.payload),
        failure.error.slice(0, 10_000),
        failure.message,
        failure.retryable,
        failure.attempts,
        failure.nextRedriveAt,
      ],
    )) as Array<{ id: string }>;
    return row.id;
  }

  /** A re-drive of an open failure failed for good as well: the row takes the new error. */
  async recordAgain(
    id: string,
    failure: Pick<NewJobFailure, 'error' | 'message' | 'retryable' | 'attempts' | 'nextRedriveAt'>,
  ): Promise<boolean> {
    const [, updated] = (await this.dataSource.query(
      `UPDATE job_failures
          SET error = $2, message = $3, retryable = $4, attempts = $5, next_redrive_at = $6, failed_at = now()
        WHERE id = $1 AND resolved_at IS NULL`,
      [
        id,
        failure.error.slice(0, 10_000),
        failure.message,
        failure.retryable,
        failure.attempts,
        failure.nextRedriveAt,
      ],
    )) as [unknown, number];
    return updated > 0;
  }

  async resolve(id: string, resolution: JobFailureResolution): Promise<boolean> {
    const [, updated] = (await this.dataSource.query(
      `UPDATE job_failures SET resolved_at = now(), resolution = $2, next_redrive_at = NULL
        WHERE id = $1 AND resolved_at IS NULL`,
      [id, resolution],
    )) as [unknown, number];
    return updated > 0;
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<JobFailureRow | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM job_failures WHERE id = $1`, [
      id,
    ])) as JobFailureRow[];
    return rows[0] ?? null;
  }

  /** Locks one failure for a re-drive by hand. */
  async lock(manager: EntityManager, id: string): Promise<JobFailureRow | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM job_failures WHERE id = $1 FOR UPDATE`, [
      id,
    ])) as JobFailureRow[];
    return rows[0] ?? null;
  }

  /** Locks the failures due for an automatic re-drive; others sweeping at once skip them. */
  async lockDue(manager: EntityManager, limit: number): Promise<JobFailureRow[]> {
    return (await manager.query(
      `SELECT ${COLUMNS} FROM job_failures
        WHERE resolved_at IS NULL AND next_redrive_at <= now()
        ORDER BY next_redrive_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    )) as JobFailureRow[];
  }

  async markRedriven(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE job_failures
          SET redrive_count = redrive_count + 1, last_redriven_at = now(), next_redrive_at = NULL
        WHERE id = $1`,
      [id],
    );
  }

  /** The newest open failure of a queue whose payload contains `payload` (jsonb @>). */
  async findOpenByPayload(queue: string, payload: Record<string, unknown>): Promise<JobFailureRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM job_failures
        WHERE queue = $1 AND resolved_at IS NULL AND payload @> $2::jsonb
        ORDER BY failed_at DESC
        LIMIT 1`,
      [queue, JSON.stringify(payload)],
    )) as JobFailureRow[];
    return rows[0] ?? null;
  }

  async list(
    filter: JobFailureFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: JobFailureRow[]; total: number }> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    if (filter.status === 'open') conditions.push('resolved_at IS NULL');
    if (filter.status === 'resolved') conditions.push('resolved_at IS NOT NULL');
    if (filter.queue !== undefined) {
      parameters.push(filter.queue);
      conditions.push(`queue = $${parameters.length}`);
    }
    if (filter.retryable !== undefined) {
      parameters.push(filter.retryable);
      conditions.push(`retryable = $${parameters.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM job_failures ${where}`,
        parameters,
      ) as Promise<Array<{ total: number }>>,
      this.dataSource.query(
        `SELECT ${COLUMNS} FROM job_failures ${where}
          ORDER BY failed_at DESC, id
          LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
        [...parameters, page.limit, page.offset],
      ) as Promise<JobFailureRow[]>,
    ]);
    return { rows, total };
  }
}
