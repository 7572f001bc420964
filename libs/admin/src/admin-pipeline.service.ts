import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type Page, type PageRequest, toPage } from '@runvs/common';
import { JobFailuresService, OutboxService, QueueName } from '@runvs/queue';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { PipelineFailureItem, PipelineRedriveResult } from './admin.types';

interface FailedRunRow {
  run_id: string;
  user_id: string;
  nickname: string | null;
  course_id: string | null;
  course_title: string | null;
  finished_at: Date;
  pipeline_failed_at: Date;
  reason: string | null;
  job_failure_id: string | null;
}

/**
 * Runs whose completion pipeline failed for good, and their re-drive. A re-drive goes through the
 * run's recorded job failure when there is one (so it is resolved when the pipeline completes),
 * else a fresh run-completion job is queued; the pipeline resumes at the stage it had reached.
 */
@Injectable()
export class AdminPipelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobFailures: JobFailuresService,
    private readonly outbox: OutboxService,
  ) {}

  async failedRuns(page: PageRequest): Promise<Page<PipelineFailureItem>> {
    const where = `r.pipeline_failed_at IS NOT NULL AND r.pipeline_completed_at IS NULL`;
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM run_records r WHERE ${where}`) as Promise<
        Array<{ total: number }>
      >,
      this.dataSource.query(
        `SELECT r.id AS run_id, r.user_id, u.nickname, r.course_id, c.title AS course_title, r.finished_at,
                r.pipeline_failed_at, r.pipeline_error AS reason,
                (SELECT f.id FROM job_failures f
                  WHERE f.queue = $3 AND f.resolved_at IS NULL AND f.payload @> jsonb_build_object('runRecordId', r.id::text)
                  ORDER BY f.failed_at DESC LIMIT 1) AS job_failure_id
           FROM run_records r
           JOIN users u ON u.id = r.user_id
           LEFT JOIN courses c ON c.id = r.course_id
          WHERE ${where}
          ORDER BY r.pipeline_failed_at DESC, r.id
          LIMIT $1 OFFSET $2`,
        [page.perPage, page.page * page.perPage, QueueName.RunCompletion],
      ) as Promise<FailedRunRow[]>,
    ]);
    return toPage(
      rows.map((row) => ({
        ...row,
        finished_at: row.finished_at.toISOString(),
        pipeline_failed_at: row.pipeline_failed_at.toISOString(),
      })),
      total,
      page,
    );
  }

  async redrive(runId: string): Promise<PipelineRedriveResult> {
    const [run] = (await this.dataSource.query(
      `SELECT pipeline_completed_at IS NOT NULL AS completed FROM run_records WHERE id = $1`,
      [runId],
    )) as Array<{ completed: boolean }>;
    if (!run) throw notFound('Run');
    if (run.completed) throw new DomainError('CONFLICT', 'The pipeline of this run has already completed');
    const failure = await this.jobFailures.findOpen(QueueName.RunCompletion, { runRecordId: runId });
    if (failure) {
      await this.jobFailures.redrive(failure.id);
      return { run_id: runId, queued: true, job_failure_id: failure.id };
    }
    await this.outbox.transaction(async (_manager, enqueue) => {
      // A new job id: the run's usual one may still sit in Redis as a failed job and swallow the add.
      await enqueue(
        QueueName.RunCompletion,
        { runRecordId: runId },
        { jobId: `${QueueName.RunCompletion}_${runId}_manual-${randomUUID()}` },
      );
    });
    return { run_id: runId, queued: true, job_failure_id: null };
  }
}
