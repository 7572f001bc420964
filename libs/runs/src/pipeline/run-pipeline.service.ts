import { Injectable, Logger } from '@nestjs/common';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { CourseStatsService } from '@runvs/courses';
import { EventProgressService } from '@runvs/events';
import { type Box, HeatmapService } from '@runvs/heatmap';
import { prepareCourse } from '@runvs/geo';
import { NotificationsService } from '@runvs/notifications';
import { type Enqueue, OutboxService, PermanentJobError } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { formatDuration, rankingOutcome } from '../rankings/ranking.rules';
import { RankingsRepository } from '../rankings/rankings.repository';
import { RunnerTotalsRepository } from '../stats/runner-totals.repository';
import { judgeCourseRun } from './course-run-judging';
import { RunAftermathService } from './run-aftermath.service';
import { type PipelineRun, RunPipelineRepository } from './run-pipeline.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pipeline's stages in order, each recorded in its own run_records column. */
export const PIPELINE_STAGES = [
  'matched_at',
  'ranked_at',
  'course_stats_at',
  'user_totals_at',
  'events_at',
  'heatmap_at',
  'notified_at',
] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/**
 * The run-completion pipeline (worker side). Each stage runs in its own transaction that locks
 * the run row, returns early when its `*_at` column is already set, does its writes and sets the
 * column — so a retry after a crash resumes at the first unfinished stage and every aggregate
 * counts the run exactly once (aggregates are recomputed from run_records, not incremented).
 */
@Injectable()
export class RunPipelineService {
  private readonly logger = new Logger(RunPipelineService.name);

  constructor(
    private readonly repository: RunPipelineRepository,
    private readonly outbox: OutboxService,
    private readonly rankings: RankingsRepository,
    private readonly totals: RunnerTotalsRepository,
    private readonly courseStats: CourseStatsService,
    private readonly heatmap: HeatmapService,
    private readonly eventProgress: EventProgressService,
    private readonly notifications: NotificationsService,
    private readonly cache: CacheService,
    private readonly aftermath: RunAftermathService,
  ) {}

  async process(runRecordId: string): Promise<void> {
    if (!UUID.test(runRecordId))
      throw new PermanentJobError(`malformed run record id ${JSON.stringify(runRecordId)}`);
    try {
      await this.stages(runRecordId);
    } catch (error) {
      if (!(error instanceof RunGone)) throw error;
      // Deleted meanwhile: DELETE /runs/{id} recomputed every aggregate itself.
      this.logger.log(`run ${runRecordId} was deleted; pipeline stopped`);
    }
  }

  private async stages(runRecordId: string): Promise<void> {
    await this.stage(runRecordId, 'matched_at', (manager, run) => this.match(manager, run));
    const ranked = await this.stage(runRecordId, 'ranked_at', (manager, run) => this.rank(manager, run));
    // Right after each commit, not at the end: the runner's app reads the board as soon as it ranks.
    if (ranked.course_id) await this.cache.invalidate(...courseRunScopes(ranked.course_id));
    const counted = await this.stage(runRecordId, 'course_stats_at', async (manager, run) => {
      if (run.course_id) await this.courseStats.recountRunFigures(manager, run.course_id);
    });
    if (counted.course_id) await this.cache.invalidate(...courseRunScopes(counted.course_id));
    const totalled = await this.stage(runRecordId, 'user_totals_at', (manager, run) =>
      this.totals.recount(manager, run.user_id),
    );
    // The runner's profile totals and their bests in course lists (matched above) are cached.
    await this.cache.invalidate(CacheScopes.user(totalled.user_id));
    await this.stage(runRecordId, 'events_at', async (manager, run, enqueue) => {
      // Completing an event's targets is notified by the events lib in this same transaction.
      await this.eventProgress.recomputeForRun(manager, run.user_id, run.finished_at, enqueue);
    });
    let touched: Box | null = null;
    await this.stage(runRecordId, 'heatmap_at', async (manager, run) => {
      touched = await this.heatmap.recordRun(manager, run.id);
    });
    await this.heatmap.invalidate(touched);
    const notified = await this.stage(runRecordId, 'notified_at', (manager, run, enqueue) =>
      this.notify(manager, run, enqueue),
    );
    // Distance boards and achievements: idempotent, so they run again on every retry.
    await this.aftermath.afterRunCounted(notified);
    await this.repository.markCompleted(runRecordId);
  }

  /** Records a pipeline that gave up (attempts used up or a permanent error). */
  async recordFailure(runRecordId: string, error: Error): Promise<void> {
    // A malformed id names no run: the failure is in job_failures only.
    if (!UUID.test(runRecordId)) return;
    await this.repository.markFailed(runRecordId, error.message);
  }

  private async stage(
    runRecordId: string,
    column: PipelineStage,
    work: (manager: EntityManager, run: PipelineRun, enqueue: Enqueue) => Promise<void>,
  ): Promise<PipelineRun> {
    // The run is returned even when the stage was already done: a retry after a crash between
    // the commit and what follows it (cache invalidation) must still do what follows.
    return this.outbox.transaction(async (manager, enqueue) => {
      const run = await this.repository.lockRun(manager, runRecordId, column);
      if (!run) throw new RunGone();
      if (run[column] !== null) return run;
      await work(manager, run, enqueue);
      await this.repository.markStage(manager, runRecordId, column);
      return run;
    });
  }

  /** Course matching on the server (Decision 2) and the per-run explanation. */
  private async match(manager: EntityManager, run: PipelineRun): Promise<void> {
    if (!run.course_id) {
      await this.repository.clearMatch(manager, run.id);
      return;
    }
    const row = await this.repository.matchInput(manager, run.id);
    if (!row) throw new PermanentJobError(`course of run ${run.id} no longer exists`);
    const { outcome } = judgeCourseRun(
      {
        line: row.course_line ? prepareCourse(row.course_line.coordinates) : null,
        isHidden: row.is_hidden,
        checkpoints: row.checkpoints,
      },
      {
        line: row.run_line?.coordinates ?? null,
        isFlagged: run.is_flagged,
        source: run.source,
        checkpointPasses: run.checkpoint_passes,
      },
    );
    await this.repository.saveMatch(manager, run.id, outcome);
  }

  /**
   * Notification intents from the ranking outcome: "new personal best" to the runner, "someone
   * beat your time" to each runner this run pushed down the board. Keys per run make a replayed
   * stage notify once (the stage column already guards it; the keys cover a crash after commit).
   */
  private async notify(manager: EntityManager, run: PipelineRun, enqueue: Enqueue): Promise<void> {
    if (!run.course_id) return;
    const row = await this.repository.notificationFacts(manager, run.id);
    const outcome = row?.ranking_outcome;
    if (!outcome || !outcome.is_personal_best) return;
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
          body: `${row.title} 코스에서 ${formatDuration(row.duration_seconds)}로 개인 기록을 세웠어요 (${outcome.rank}위)`,
          data,
          dedupeKey: `personal_best:${run.id}`,
          dedupeWindowSeconds: 30 * 86_400,
        },
        enqueue,
      );
    }
    for (const beaten of outcome.overtaken_user_ids) {
      await this.notifications.notify(
        manager,
        {
          userId: beaten,
          actorId: run.user_id,
          type: 'ranking_beaten',
          targetType: 'course',
          targetId: run.course_id,
          title: '순위가 바뀌었어요',
          body: `${row.nickname ?? '다른 러너'}님이 ${row.title} 코스에서 회원님의 기록을 앞질렀어요`,
          data,
          dedupeKey: `ranking_beaten:${run.id}`,
          dedupeWindowSeconds: 30 * 86_400,
        },
        enqueue,
      );
    }
  }

  /** The runner's leaderboard row rebuilt from their eligible runs, ranks renumbered, the outcome kept. */
  private async rank(manager: EntityManager, run: PipelineRun): Promise<void> {
    if (!run.course_id) return;
    const eligible = await this.repository.isRankingEligible(manager, run.id);
    await this.rankings.lockCourseBoard(manager, run.course_id);
    const before = await this.rankings.rankRows(manager, run.course_id);
    await this.rankings.rebuildRankings(manager, run.course_id, run.user_id);
    if (!eligible) return;
    const after = await this.rankings.rankRows(manager, run.course_id);
    await this.repository.saveOutcome(manager, run.id, rankingOutcome(run, before, after));
  }
}

class RunGone extends Error {}
