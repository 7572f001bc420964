import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { notFound } from '@runvs/common';
import { CourseStatsService } from '@runvs/courses';
import { inTransaction, runCounts } from '@runvs/database';
import { EventProgressService } from '@runvs/events';
import {
  buildFlagReason,
  computeCourseStreak,
  dailyStreaks,
  DEFAULT_TIME_ZONE,
  runHistoryPreview,
  runnerLevel,
} from '@runvs/geo';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { type Box, HeatmapService } from '@runvs/heatmap';
import type { RunSource } from '@runvs/database';
import { type Enqueue, QueueName } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { pointsForRun, type RankingOutcome } from '../rankings/ranking.rules';
import { RankingsRepository } from '../rankings/rankings.repository';
import { RunnerTotalsRepository } from '../stats/runner-totals.repository';
import { PipelineSignals } from '../pipeline/pipeline-signals';
import { RunAftermathService } from '../pipeline/run-aftermath.service';
import { RunRecordsRepository } from './run-records.repository';
import { RunTracksRepository } from './run-tracks.repository';
import type { CreatedRun, NewRunFromTrack } from './run-records.types';
import { RUN_DELETION_HOOK, type RunDeletionHook } from './run-deletion.hook';
import { type RunReplacedListener, RUN_REPLACED_LISTENER } from './run-replaced.listener';
import { computeRunValues, type RunValues, showDeviceTotals } from './run-values';
import { SameActivityRepository } from './same-activity.repository';
import { isAppRecording, type RecordedRun, sameActivityOf } from './same-activity.rules';
import { GhostComparisonService } from '../ghosts/ghost-comparison.service';
import type { RunCompletionView, RunRecordDetail, RunRanking, UserStatsUpdate } from './run-views';

/**
 * Run records: creation from a track (live complete, crash recovery, imports — one path, one
 * pipeline), the owner's detail view and deletion with every aggregate recomputed.
 */
@Injectable()
export class RunRecordsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RunRecordsRepository,
    private readonly tracks: RunTracksRepository,
    private readonly rankings: RankingsRepository,
    private readonly totals: RunnerTotalsRepository,
    private readonly courseStats: CourseStatsService,
    private readonly heatmap: HeatmapService,
    private readonly eventProgress: EventProgressService,
    private readonly cache: CacheService,
    private readonly sameActivity: SameActivityRepository,
    private readonly aftermath: RunAftermathService,
    private readonly signals: PipelineSignals,
    private readonly ghostComparisons: GhostComparisonService,
    @Optional() @Inject(RUN_REPLACED_LISTENER) private readonly replacedListener?: RunReplacedListener,
    @Optional() @Inject(RUN_DELETION_HOOK) private readonly deletionHook?: RunDeletionHook,
  ) {}

  /**
   * The run an imported activity duplicates (Decision 8: the same user's run starting within a
   * minute with a similar distance, whatever its source), or null. Call it inside the transaction
   * that would create the import's run: it takes the user's same-activity lock, which live
   * completions take too, so neither side can miss the other.
   */
  async findDuplicate(
    manager: EntityManager,
    userId: string,
    recording: { startedAt: Date; distanceMeters: number; source: RunSource },
  ): Promise<RecordedRun | null> {
    await this.sameActivity.lockUser(manager, userId);
    const nearby = await this.sameActivity.runsStartingNear(manager, userId, recording.startedAt);
    return sameActivityOf(recording, nearby).duplicateOf;
  }

  /**
   * Creates a run record from a track inside the caller's transaction and enqueues its
   * run-completion pipeline through the same transaction's outbox (`OutboxService.transaction`
   * gives both): the server measures the GPS itself, keeps the client summary, flags anomalies.
   * Importers call this too, so imported runs are matched, ranked and counted the same way.
   */
  async createFromTrack(
    manager: EntityManager,
    enqueue: Enqueue,
    input: NewRunFromTrack,
  ): Promise<CreatedRun> {
    const user = await this.repository.userWeight(manager, input.userId);
    if (!user) throw notFound('User');
    const measured = computeRunValues({
      points: input.points,
      pauses: input.pauses,
      fallbackRoute: input.fallbackRoute,
      clientSummary: input.clientSummary,
      weightKg: user.weight_kg,
    });
    const refused = input.routeRefusedReason ?? null;
    const flagged = withFlags(measured, input.flagReasons ?? []);
    const values = showDeviceTotals(refused ? withoutRoute(flagged, refused) : flagged, input.deviceTotals);
    const finishedAt =
      input.finishedAt ?? (values.lastFixMs !== null ? new Date(values.lastFixMs) : new Date());
    let startedAt =
      input.startedAt ??
      (values.firstFixMs !== null
        ? new Date(values.firstFixMs)
        : new Date(finishedAt.getTime() - (values.totalElapsedSeconds ?? values.durationSeconds) * 1000));
    if (startedAt > finishedAt) startedAt = finishedAt;
    // An app recording of an activity already imported (the watch's file came first) replaces the
    // imported run, so the activity is counted once whichever recording arrived first.
    let replaces: RecordedRun[] = [];
    if (isAppRecording(input.source)) {
      await this.sameActivity.lockUser(manager, input.userId);
      const nearby = await this.sameActivity.runsStartingNear(manager, input.userId, startedAt);
      replaces = sameActivityOf(
        { distanceMeters: values.distanceMeters, source: input.source },
        nearby,
      ).replaces;
    }
    const id = await this.repository.insert(
      manager,
      input,
      values,
      { startedAt, finishedAt },
      runHistoryPreview(values.route),
    );
    // The timed track, for ghosts and exports (run_records keeps only the 2-D route).
    if (!refused) await this.tracks.insert(manager, id, input.points, input.pauses);
    await enqueue(QueueName.RunCompletion, { runRecordId: id });
    const afterCommit: Array<() => Promise<void>> = [];
    for (const replaced of replaces) {
      await this.replacedListener?.runReplaced(manager, replaced.id, id);
      const deletion = await this.deleteInTransaction(manager, input.userId, replaced.id);
      if (deletion) afterCommit.push(deletion.afterCommit);
    }
    return {
      id,
      distanceMeters: values.distanceMeters,
      durationSeconds: values.durationSeconds,
      isFlagged: values.isFlagged,
      flagReason: values.flagReason,
      replacedRunIds: replaces.map((run) => run.id),
      afterCommit: async () => {
        for (const step of afterCommit) await step();
      },
    };
  }

  /**
   * Waits until the run's pipeline is done or failed, at most `budgetMs`: woken by the worker's
   * signal, with one read of the run instead of a polling loop.
   */
  async waitForPipeline(runRecordId: string, budgetMs: number): Promise<boolean> {
    return this.signals.waitFor(runRecordId, budgetMs, () => this.repository.pipelineSettled(runRecordId));
  }

  /** The complete/recover response body of a run (contract §5 RunCompleteResponse + our state). */
  async completionView(runRecordId: string, missingChunkSequences: number[]): Promise<RunCompletionView> {
    const run = await this.repository.completionRow(runRecordId);
    if (!run) throw notFound('Run record');
    const done = run.pipeline_completed_at !== null;
    const timeZone = run.time_zone ?? DEFAULT_TIME_ZONE;
    const userStats = await this.userStatsUpdate(run.user_id, timeZone);
    let courseStreak: number | null = null;
    if (run.course_id && done && run.course_completed) {
      const finishes = await this.repository.courseCompletions(run.user_id, run.course_id);
      courseStreak = computeCourseStreak(finishes, timeZone)?.current ?? null;
    }
    return {
      run_record_id: run.id,
      ranking: done ? toRanking(run.ranking_outcome) : null,
      is_flagged: run.is_flagged,
      flag_reason: run.flag_reason,
      route_match_percent: done ? run.route_match_percent : null,
      max_deviation_meters: done ? run.max_deviation_meters : null,
      user_stats_update: userStats,
      missing_chunk_sequences: missingChunkSequences,
      // A flagged run or a ride earns nothing (`runCounts`), as the totals the pipeline keeps.
      points_earned: runCounts({ activityType: run.activity_type, isFlagged: run.is_flagged })
        ? pointsForRun({ distanceMeters: run.distance_meters, onCourse: run.course_id !== null })
        : 0,
      course_streak: courseStreak,
      map_matching_confidence: null,
      distance_meters: run.distance_meters,
      duration_seconds: run.duration_seconds,
      pipeline_status: done ? 'completed' : run.pipeline_failed_at ? 'failed' : 'pending',
      ghost_comparison: done ? await this.ghostComparisons.ofRun(run.id, run.user_id) : null,
    };
  }

  /** Totals from the records themselves, so they are right before the pipeline has caught up. */
  private async userStatsUpdate(userId: string, timeZone: string): Promise<UserStatsUpdate> {
    const rows = await this.repository.userRuns(userId);
    const total = rows.reduce((sum, r) => sum + r.distance_meters, 0);
    return {
      total_distance_meters: total,
      total_runs: rows.length,
      streak_days: dailyStreaks(
        rows.map((r) => r.finished_at),
        new Date(),
        timeZone,
      ).current,
      runner_level: runnerLevel(total),
    };
  }

  /** GET /runs/{id}: the owner's run; anyone else gets 404 (no existence leak). */
  async detail(userId: string, runRecordId: string): Promise<RunRecordDetail> {
    const row = await this.repository.detail(userId, runRecordId);
    if (!row) throw notFound('Run record');
    const outcome = row.ranking_outcome as RankingOutcome | null;
    const completion = row.course_completion as Record<string, unknown> | null;
    return {
      id: row.id as string,
      user_id: row.user_id as string,
      course_id: row.course_id as string | null,
      source: row.source as string,
      activity_type: row.activity_type as string,
      distance_meters: row.distance_meters as number,
      duration_seconds: row.duration_seconds as number,
      total_elapsed_seconds: row.total_elapsed_seconds as number | null,
      gps_distance_meters: row.gps_distance_meters as number,
      moving_time_seconds: row.moving_time_seconds as number,
      elapsed_seconds: row.elapsed_seconds as number | null,
      data_notes: (row.data_notes as string[] | null) ?? [],
      avg_pace_seconds_per_km: row.avg_pace_seconds_per_km as number | null,
      best_pace_seconds_per_km: row.best_pace_seconds_per_km as number | null,
      avg_speed_ms: row.avg_speed_ms as number | null,
      max_speed_ms: row.max_speed_ms as number | null,
      calories: row.calories as number | null,
      elevation_gain_meters: row.elevation_gain_meters as number,
      elevation_loss_meters: row.elevation_loss_meters as number,
      route_geometry: (row.route_geometry as RunRecordDetail['route_geometry']) ?? null,
      elevation_profile: (row.elevation_profile as number[] | null) ?? null,
      splits: (row.splits as unknown[] | null) ?? null,
      pause_intervals: (row.pause_intervals as unknown[]) ?? [],
      best_efforts: (row.best_efforts as unknown[] | null) ?? [],
      started_at: (row.started_at as Date).toISOString(),
      finished_at: (row.finished_at as Date).toISOString(),
      course: row.course_id
        ? {
            id: row.course_id as string,
            title: row.course_title as string,
            distance_meters: row.course_distance as number,
          }
        : null,
      course_completion:
        row.course_completed === null || row.course_completed === undefined
          ? null
          : {
              ...(completion ?? {}),
              is_completed: row.course_completed as boolean,
              route_match_percent: (row.route_match_percent as number | null) ?? 0,
              ranking_at_time: outcome?.rank ?? null,
            },
      checkpoint_results: (row.checkpoint_results as unknown[] | null) ?? null,
      ranking: toRanking(outcome),
      goal_data: (row.goal_data as Record<string, unknown> | null) ?? null,
      is_flagged: row.is_flagged as boolean,
      flag_reason: row.flag_reason as string | null,
      flag_reasons: (row.flag_reasons as string[] | null) ?? [],
      board_exclusion: row.board_excluded_at
        ? {
            reason: row.board_excluded_reason as string,
            excluded_at: (row.board_excluded_at as Date).toISOString(),
          }
        : null,
      client_summary: (row.client_summary as Record<string, unknown> | null) ?? null,
      point_count: row.point_count as number,
      pipeline_status: row.pipeline_completed_at
        ? 'completed'
        : row.pipeline_failed_at
          ? 'failed'
          : 'pending',
      ghost_comparison: row.pipeline_completed_at
        ? await this.ghostComparisons.ofRun(row.id as string, row.user_id as string)
        : null,
    };
  }

  /**
   * DELETE /runs/{id} (Decision 4): the record, its session and chunks go, and in the same
   * transaction every aggregate it touched is recomputed — user totals and the daily streak, the
   * course's leaderboard and stats, the progress of events it counted for —
   * then the heatmap tiles over its route are invalidated.
   */
  async delete(userId: string, runRecordId: string): Promise<void> {
    const deletion = await inTransaction(this.dataSource, async (manager) => {
      const done = await this.deleteInTransaction(manager, userId, runRecordId);
      if (!done) throw notFound('Run record');
      return done;
    });
    await deletion.afterCommit();
  }

  /**
   * The same deletion inside the caller's transaction (an import deleted with its run): null when
   * the user has no such run. Call `afterCommit()` once the transaction has committed — it
   * invalidates the heatmap tiles and the course's cached pages.
   */
  async deleteInTransaction(
    manager: EntityManager,
    userId: string,
    runRecordId: string,
  ): Promise<{ afterCommit: () => Promise<void> } | null> {
    const run = await this.repository.lockForDeletion(manager, userId, runRecordId);
    if (!run) return null;
    // The original file it was imported from goes with it (imports lib, after commit).
    const afterHook = await this.deletionHook?.beforeRunDeletion({ id: run.id, userId }, manager);
    const events = await this.eventProgress.eventsOfUserAt(manager, userId, run.finished_at);
    await this.repository.delete(manager, run);
    await this.totals.recount(manager, userId);
    if (run.course_id) {
      await this.rankings.lockCourseBoard(manager, run.course_id);
      await this.rankings.rebuildRankings(manager, run.course_id, userId);
      await this.courseStats.recountRunFigures(manager, run.course_id);
    }
    await this.eventProgress.recompute(manager, events, userId);
    const extent =
      run.west === null
        ? null
        : ({ west: run.west, south: run.south, east: run.east, north: run.north } satisfies Box);
    const courseId = run.course_id;
    return {
      afterCommit: async () => {
        await this.heatmap.invalidate(extent);
        await this.cache.invalidate(CacheScopes.user(userId), ...(courseId ? courseRunScopes(courseId) : []));
        await this.aftermath.afterRunDeleted({ user_id: userId, finished_at: run.finished_at });
        if (afterHook) await afterHook();
      },
    };
  }
}

/** The run flagged with further reasons (none: as measured). */
function withFlags(values: RunValues, reasons: readonly string[]): RunValues {
  if (reasons.length === 0) return values;
  const flagReasons = [...values.flagReasons, ...reasons];
  return { ...values, isFlagged: true, flagReasons, flagReason: buildFlagReason(flagReasons) };
}

/** A run whose track is not believed as a route: no line, flagged with the reason. */
function withoutRoute(values: RunValues, reason: string): RunValues {
  const flagReasons = [...values.flagReasons, reason];
  return { ...values, route: null, isFlagged: true, flagReasons, flagReason: buildFlagReason(flagReasons) };
}

export function toRanking(outcome: RankingOutcome | null): RunRanking | null {
  if (!outcome || outcome.rank === null) return null;
  return {
    rank: outcome.rank,
    total_runners: outcome.total_runners,
    is_personal_best: outcome.is_personal_best,
    previous_best_duration: outcome.previous_best_duration,
    rank_change: outcome.rank_change,
  };
}
