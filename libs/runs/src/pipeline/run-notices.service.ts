import { isUuid } from '@runvs/common';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationsService } from '@runvs/notifications';
import { MetricsService, secondsSince } from '@runvs/observability';
import { type Enqueue, OutboxService, PermanentJobError, QueueName } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { BoardNoticesService } from '../rankings/board-notices.service';
import { formatDuration } from '../rankings/ranking.rules';
import { type NoticesRun, RunPipelineRepository } from './run-pipeline.repository';

/**
 * The notices of one counted run: "new personal best" to the runner, "someone passed you" to the
 * few runners who care (BoardNoticesService: bounded reads of the board, one notice per course and
 * day). The pipeline sends them right after its commit, in the same job (`sendAfterCount`); the
 * run-notices job sends them when that failed, and for runs the sweeper finds with `notified_at`
 * still null (the worker died in between). Sent once: the run row is locked and `notified_at` set
 * in the same transaction as the inbox entries and their push jobs, so a replay finds it set and
 * does nothing.
 */
@Injectable()
export class RunNoticesService {
  private readonly logger = new Logger(RunNoticesService.name);

  constructor(
    private readonly repository: RunPipelineRepository,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly boardNotices: BoardNoticesService,
    private readonly metrics: MetricsService,
  ) {}

  /** The run-notices job. */
  async process(runRecordId: string): Promise<void> {
    if (!isUuid(runRecordId))
      throw new PermanentJobError(`malformed run record id ${JSON.stringify(runRecordId)}`);
    await this.send(runRecordId);
  }

  /**
   * Right after the pipeline's commit, in its job: no job of their own to write, publish, fetch
   * and complete. Never throws: on a failure the run-notices job is enqueued to retry them.
   */
  async sendAfterCount(runRecordId: string): Promise<void> {
    try {
      await this.send(runRecordId);
    } catch (error) {
      this.logger.warn(
        `notices of run ${runRecordId} left to the run-notices job: ${(error as Error).message}`,
      );
      // If this fails too (database gone), the sweeper still finds the run by its null notified_at.
      await this.outbox
        .transaction((_manager, enqueue) => enqueue(QueueName.RunNotices, { runRecordId }))
        .catch(() => undefined);
    }
  }

  private async send(runRecordId: string): Promise<void> {
    const startedAt = process.hrtime.bigint();
    const sent = await this.outbox.transaction(async (manager, enqueue) => {
      const run = await this.repository.lockForNotices(manager, runRecordId);
      // Gone (deleted), already notified, or not counted yet (the pipeline sends them after its commit).
      if (!run || run.notified_at !== null || run.pipeline_completed_at === null) return false;
      await this.notify(manager, run, enqueue);
      await this.repository.markNotified(manager, run.id);
      return true;
    });
    if (sent) this.metrics.observePipelineStage('notified', secondsSince(startedAt));
  }

  private async notify(manager: EntityManager, run: NoticesRun, enqueue: Enqueue): Promise<void> {
    const outcome = run.ranking_outcome;
    if (!run.course_id || !outcome || !outcome.is_personal_best) return;
    const title = run.course_title ?? '';
    const data = { course_id: run.course_id, run_record_id: run.id, rank: outcome.rank };
    // A first run on a course is not a "new" best worth a push; improving one is.
    if (outcome.previous_best_duration !== null) {
      await this.notifications.notify(
        manager,
        {
          userId: run.user_id,
          type: 'personal_best',
          targetType: 'run',
          targetId: run.id,
          title: '새 개인 기록!',
          body: `${title} 코스에서 ${formatDuration(run.moving_time_seconds)}로 개인 기록을 세웠어요 (${outcome.rank}위)`,
          data,
          dedupeKey: `personal_best:${run.id}`,
          dedupeWindowSeconds: 30 * 86_400,
        },
        enqueue,
      );
    }
    // Who hears they were passed: a bounded handful, one notice per course and day.
    if (outcome.rank !== null) {
      await this.boardNotices.notifyPassed(
        manager,
        {
          runRecordId: run.id,
          courseId: run.course_id,
          userId: run.user_id,
          newBestSeconds: run.moving_time_seconds,
          oldBestSeconds: outcome.previous_best_duration,
          courseTitle: title,
          nickname: run.nickname,
        },
        enqueue,
      );
    }
  }
}
