import { isUuid } from '@runvs/common';
import { Injectable, Logger } from '@nestjs/common';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { CourseStatsService } from '@runvs/courses';
import { runCounts } from '@runvs/database';
import { EventProgressService } from '@runvs/events';
import { type Box, HeatmapService } from '@runvs/heatmap';
import { prepareCourse } from '@runvs/geo';
import { MetricsService, secondsSince } from '@runvs/observability';
import { type Enqueue, OutboxService, PermanentJobError } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { OVERTAKEN_KEPT, type RankingOutcome, rankingOutcome } from '../rankings/ranking.rules';
import { RankingsRepository } from '../rankings/rankings.repository';
import { RunnerTotalsRepository } from '../stats/runner-totals.repository';
import { judgeCourseRun } from './course-run-judging';
import { PipelineSignals } from './pipeline-signals';
import { RunAftermathService } from './run-aftermath.service';
import { RunNoticesService } from './run-notices.service';
import { type PipelineRun, type RunMatch, RunPipelineRepository } from './run-pipeline.repository';

/**
 * The pipeline's steps, each recorded in its own run_records column, all set by the one commit —
 * but `notified_at` when the run has notices to send: their own transaction sets it after it.
 */
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
 * The run-completion pipeline (worker side): ONE transaction per run. It locks the run row (and
 * the runner's pipeline lock), does every step whose `*_at` column is still null — match, user
 * totals and daily streak, event progress, heatmap, the runner's board row, course stats — and ends with one UPDATE
 * that marks them all and completes the pipeline. A personal best's notices ("new personal best",
 * "someone passed you") are sent after the commit, in their own transaction (RunNoticesService),
 * `notified_at` left null until then: the course board lock is held from the ranking step to the
 * commit, and every completion on the course waits for it, so nothing that can run after the
 * commit runs inside it. The aggregates are increments
 * applied under that single guard: a retry after a crash finds either nothing done (rolled back)
 * or everything done, so every aggregate counts the run exactly once. Steps already marked (a
 * course creator's run, whose match, board row and stats the course creation wrote) are skipped.
 * Deletions and the reconciliation recompute from run_records instead.
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
    private readonly cache: CacheService,
    private readonly aftermath: RunAftermathService,
    private readonly notices: RunNoticesService,
    private readonly signals: PipelineSignals,
    private readonly metrics: MetricsService,
  ) {}

  async process(runRecordId: string): Promise<void> {
    if (!isUuid(runRecordId))
      throw new PermanentJobError(`malformed run record id ${JSON.stringify(runRecordId)}`);
    const startedAt = process.hrtime.bigint();
    const done = await this.outbox.transaction((manager, enqueue) =>
      this.count(manager, runRecordId, enqueue),
    );
    // The whole transaction with its commit; the steps are timed inside it.
    if (done?.counted) this.metrics.observePipelineStage('transaction', secondsSince(startedAt));
    if (!done) {
      // Deleted meanwhile: DELETE /runs/{id} recomputed every aggregate itself.
      this.logger.log(`run ${runRecordId} was deleted; pipeline stopped`);
      await this.signals.announce(runRecordId);
      return;
    }
    // After the commit (also on a replay: a crash may have come between the commit and these).
    const scopes = [CacheScopes.user(done.run.user_id)];
    if (done.run.course_id) scopes.push(...courseRunScopes(done.run.course_id));
    await this.cache.invalidate(...scopes);
    // The `complete` answer waiting in the api reads the committed outcome now.
    await this.signals.announce(runRecordId);
    // Its notices next, in a transaction of their own (out of the board's critical section).
    if (done.hasNotices) await this.notices.sendAfterCount(runRecordId);
    await this.heatmap.invalidate(done.touched);
    // Distance boards and achievements: idempotent (recomputed, awards keyed), outside the transaction.
    await this.aftermath.afterRunCounted(done.run);
  }

  /** Records a pipeline that gave up (attempts used up or a permanent error). */
  async recordFailure(runRecordId: string, error: Error): Promise<void> {
    // A malformed id names no run: the failure is in job_failures only.
    if (!isUuid(runRecordId)) return;
    await this.repository.markFailed(runRecordId, error.message);
    await this.signals.announce(runRecordId);
  }

  private async count(
    manager: EntityManager,
    runRecordId: string,
    enqueue: Enqueue,
  ): Promise<{
    run: PipelineRun;
    touched: Box | null;
    counted: boolean;
    hasNotices: boolean;
  } | null> {
    const run = await this.repository.lockRun(manager, runRecordId);
    if (!run) return null;
    if (run.pipeline_completed_at !== null) return { run, touched: null, counted: false, hasNotices: false };
    const match =
      run.matched_at === null ? await this.timed('matched', () => this.match(manager, run)) : null;
    const completed = match ? match.courseCompleted === true : run.course_completed === true;
    const eligible = match ? match.eligible : run.is_ranking_eligible;
    // Rides, walks and flagged runs are stored and listed to their owner, never counted (`runCounts`).
    const counts = runCounts({ activityType: run.activity_type, isFlagged: run.is_flagged });
    if (run.user_totals_at === null && counts) {
      await this.timed('user_totals', () =>
        this.totals.countRun(manager, run.user_id, {
          id: run.id,
          finishedAt: run.finished_at,
          distanceMeters: run.distance_meters,
          durationSeconds: run.duration_seconds,
          onCourse: run.course_id !== null,
        }),
      );
    }
    if (run.events_at === null) {
      // Completing an event's targets is notified by the events lib in this same transaction.
      await this.timed('events', () =>
        this.eventProgress.countRun(
          manager,
          {
            userId: run.user_id,
            finishedAt: run.finished_at,
            distanceMeters: run.distance_meters,
            activityType: run.activity_type,
            isFlagged: run.is_flagged,
            courseId: run.course_id,
            courseCompleted: completed,
          },
          enqueue,
        ),
      );
    }
    const touched =
      run.heatmap_at === null
        ? await this.timed('heatmap', () => this.heatmap.recordNewRun(manager, run.id))
        : null;
    const willRank = run.ranked_at === null && run.course_id !== null && eligible && counts;
    // The course's shared rows last, so their locks are held only until the commit just after.
    let outcome: RankingOutcome | undefined;
    if (willRank) {
      const courseId = run.course_id!;
      outcome = await this.timed('ranked', () => this.rank(manager, run, courseId));
    }
    if (run.course_stats_at === null && run.course_id && counts) {
      const courseId = run.course_id;
      await this.timed('course_stats', () =>
        this.courseStats.countRun(manager, courseId, {
          runRecordId: run.id,
          userId: run.user_id,
          counted: completed && run.board_excluded_at === null,
          durationSeconds: run.moving_time_seconds,
          startedAt: run.started_at,
        }),
      );
    }
    // Only a personal best has notices ("new personal best", "someone passed you"), sent after the
    // commit (RunNoticesService.sendAfterCount): the board reads and inbox writes they need would
    // otherwise sit inside the board's critical section. `notified_at` left null is their guarantee:
    // the sweeper finds a counted run whose notices never went out (the worker died in between).
    const hasNotices =
      run.notified_at === null && (outcome ?? run.ranking_outcome)?.is_personal_best === true;
    await this.repository.finish(manager, run.id, match, outcome, hasNotices);
    return { run, touched, counted: true, hasNotices };
  }

  /** One step of the transaction, timed into runvs_pipeline_stage_duration_seconds{stage}. */
  private async timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const startedAt = process.hrtime.bigint();
    const result = await work();
    this.metrics.observePipelineStage(stage, secondsSince(startedAt));
    return result;
  }

  /** Course matching on the server (Decision 2) and the per-run explanation. */
  private async match(manager: EntityManager, run: PipelineRun): Promise<RunMatch> {
    if (!run.course_id) {
      return {
        courseCompleted: null,
        routeMatchPercent: null,
        maxDeviationMeters: null,
        completion: null,
        eligible: false,
        checkpointResults: null,
      };
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
        activityType: run.activity_type,
        boardExcluded: run.board_excluded_at !== null,
        source: run.source,
        checkpointPasses: run.checkpoint_passes,
        courseVisible: row.course_visible,
      },
    );
    return outcome;
  }

  /**
   * The run counted on the runner's board row (an increment, not a rebuild; no other row is
   * written: positions are read from the board's index) and the outcome: position, personal best,
   * who it passed (a range of the board's index, read by the same statement).
   */
  private async rank(manager: EntityManager, run: PipelineRun, courseId: string): Promise<RankingOutcome> {
    await this.rankings.lockCourseBoard(manager, courseId);
    const row = await this.rankings.countRun(manager, courseId, run.user_id, run.id, OVERTAKEN_KEPT);
    const position = { rank: row.rank, total: row.total };
    const outcome = rankingOutcome(
      run,
      {
        before:
          row.before_best === null
            ? null
            : {
                runRecordId: row.before_run_record_id,
                bestDurationSeconds: row.before_best,
                rank: row.before_rank,
              },
        after: {
          runRecordId: row.run_record_id,
          bestDurationSeconds: row.best_duration_seconds,
          previousRank: row.previous_rank,
        },
        rank: position.rank,
        total: position.total,
      },
      row.overtaken_user_ids,
    );
    return outcome;
  }
}
