import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventProgressService } from '@runvs/events';
import { CacheService, courseRunScopes } from '@runvs/cache';
import { type Box, HeatmapService } from '@runvs/heatmap';
import { matchRunToCourse, prepareCourse, validateCheckpoints } from '@runvs/geo';
import { NotificationsService } from '@runvs/notifications';
import { type Enqueue, OutboxService, PermanentJobError } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import type { RankingOutcome } from '../records/run-records.types';
import { AggregatesRepository, type RankRow } from './aggregates.repository';
import { asCheckpointPasses, explainCourseRun } from './course-completion';

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

interface PipelineRun {
  id: string;
  user_id: string;
  course_id: string | null;
  source: string;
  is_flagged: boolean;
  is_ranking_eligible: boolean;
  finished_at: Date;
  checkpoint_passes: unknown;
  pipeline_completed_at: Date | null;
  [stage: string]: unknown;
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly aggregates: AggregatesRepository,
    private readonly heatmap: HeatmapService,
    private readonly eventProgress: EventProgressService,
    private readonly notifications: NotificationsService,
    private readonly cache: CacheService,
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
      if (run.course_id) await this.aggregates.recomputeCourseStats(manager, run.course_id);
    });
    if (counted.course_id) await this.cache.invalidate(...courseRunScopes(counted.course_id));
    await this.stage(runRecordId, 'user_totals_at', (manager, run) =>
      this.aggregates.recomputeUserTotals(manager, run.user_id),
    );
    await this.stage(runRecordId, 'events_at', async (manager, run, enqueue) => {
      // Completing an event's targets is notified by the events lib in this same transaction.
      await this.eventProgress.recomputeForRun(manager, run.user_id, run.finished_at, enqueue);
    });
    let touched: Box | null = null;
    await this.stage(runRecordId, 'heatmap_at', async (manager, run) => {
      touched = await this.heatmap.recordRun(manager, run.id);
    });
    await this.heatmap.invalidate(touched);
    await this.stage(runRecordId, 'notified_at', (manager, run, enqueue) =>
      this.notify(manager, run, enqueue),
    );
    await this.dataSource.query(
      `UPDATE run_records SET pipeline_completed_at = now(), pipeline_failed_at = NULL, pipeline_error = NULL
        WHERE id = $1 AND pipeline_completed_at IS NULL`,
      [runRecordId],
    );
  }

  /** Records a pipeline that gave up (attempts used up or a permanent error). */
  async recordFailure(runRecordId: string, error: Error): Promise<void> {
    // A malformed id names no run: the failure is in job_failures only.
    if (!UUID.test(runRecordId)) return;
    await this.dataSource.query(
      `UPDATE run_records SET pipeline_failed_at = now(), pipeline_error = $2 WHERE id = $1`,
      [runRecordId, error.message.slice(0, 2_000)],
    );
  }

  private async stage(
    runRecordId: string,
    column: PipelineStage,
    work: (manager: EntityManager, run: PipelineRun, enqueue: Enqueue) => Promise<void>,
  ): Promise<PipelineRun> {
    // The run is returned even when the stage was already done: a retry after a crash between
    // the commit and what follows it (cache invalidation) must still do what follows.
    return this.outbox.transaction(async (manager, enqueue) => {
      const [run] = (await manager.query(
        `SELECT id, user_id, course_id, source, is_flagged, is_ranking_eligible, finished_at, checkpoint_passes,
                pipeline_completed_at, ${column}
           FROM run_records WHERE id = $1 FOR UPDATE`,
        [runRecordId],
      )) as PipelineRun[];
      if (!run) throw new RunGone();
      if (run[column] !== null) return run;
      await work(manager, run, enqueue);
      await manager.query(`UPDATE run_records SET ${column} = now() WHERE id = $1`, [runRecordId]);
      return run;
    });
  }

  /** Course matching on the server (Decision 2) and the per-run explanation. */
  private async match(manager: EntityManager, run: PipelineRun): Promise<void> {
    if (!run.course_id) {
      await manager.query(
        `UPDATE run_records SET course_completed = NULL, route_match_percent = NULL, max_deviation_meters = NULL,
                                course_completion = NULL, is_ranking_eligible = false
          WHERE id = $1`,
        [run.id],
      );
      return;
    }
    const [row] = (await manager.query(
      `SELECT ST_AsGeoJSON(c.route_geometry)::json AS course_line, c.is_hidden, c.checkpoints,
              ST_AsGeoJSON(r.route_geometry)::json AS run_line
         FROM run_records r JOIN courses c ON c.id = r.course_id
        WHERE r.id = $1`,
      [run.id],
    )) as Array<{
      course_line: { coordinates: number[][] } | null;
      is_hidden: boolean;
      checkpoints: Array<{ id: number }> | null;
      run_line: { coordinates: number[][] } | null;
    }>;
    if (!row) throw new PermanentJobError(`course of run ${run.id} no longer exists`);
    const runPoints = (row.run_line?.coordinates ?? []).map(([lng, lat]) => ({ lat, lng }));
    const match =
      runPoints.length > 0 && row.course_line
        ? matchRunToCourse(prepareCourse(row.course_line.coordinates), runPoints)
        : null;
    const { view, eligible } = explainCourseRun({
      match,
      isFlagged: run.is_flagged,
      source: run.source,
      courseHidden: row.is_hidden,
    });
    const passes = asCheckpointPasses(run.checkpoint_passes);
    const checkpoints = Array.isArray(row.checkpoints) ? row.checkpoints : [];
    const checkpointResults =
      passes.length > 0 && checkpoints.length > 0
        ? validateCheckpoints(checkpoints, passes).map((r) => ({
            checkpoint_id: r.checkpointId,
            passed: r.passed,
            timestamp: r.timestamp,
            distance_meters: r.distanceMeters,
          }))
        : null;
    await manager.query(
      `UPDATE run_records SET course_completed = $2, route_match_percent = $3, max_deviation_meters = $4,
                              course_completion = $5, is_ranking_eligible = $6, checkpoint_results = $7
        WHERE id = $1`,
      [
        run.id,
        view.is_completed,
        match ? view.route_match_percent : null,
        match ? view.max_deviation_meters : null,
        JSON.stringify(view),
        eligible,
        checkpointResults ? JSON.stringify(checkpointResults) : null,
      ],
    );
  }

  /**
   * Notification intents from the ranking outcome: "new personal best" to the runner, "someone
   * beat your time" to each runner this run pushed down the board. Keys per run make a replayed
   * stage notify once (the stage column already guards it; the keys cover a crash after commit).
   */
  private async notify(manager: EntityManager, run: PipelineRun, enqueue: Enqueue): Promise<void> {
    if (!run.course_id) return;
    const [row] = (await manager.query(
      `SELECT r.ranking_outcome, r.duration_seconds, c.title, u.nickname
         FROM run_records r JOIN courses c ON c.id = r.course_id JOIN users u ON u.id = r.user_id
        WHERE r.id = $1`,
      [run.id],
    )) as Array<{
      ranking_outcome: RankingOutcome | null;
      duration_seconds: number;
      title: string;
      nickname: string | null;
    }>;
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
    const [fresh] = (await manager.query(`SELECT is_ranking_eligible FROM run_records WHERE id = $1`, [
      run.id,
    ])) as Array<{ is_ranking_eligible: boolean }>;
    await this.aggregates.lockCourseBoard(manager, run.course_id);
    const before = await this.aggregates.rankRows(manager, run.course_id);
    await this.aggregates.rebuildRankings(manager, run.course_id, run.user_id);
    if (!fresh.is_ranking_eligible) return;
    const after = await this.aggregates.rankRows(manager, run.course_id);
    const outcome = rankingOutcome(run, before, after);
    await manager.query(`UPDATE run_records SET ranking_outcome = $2 WHERE id = $1`, [
      run.id,
      JSON.stringify(outcome),
    ]);
  }
}

class RunGone extends Error {}

/** Seconds as m:ss or h:mm:ss for messages. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** What this run did to the board: position, personal best, rank change, who it overtook. */
export function rankingOutcome(
  run: { id: string; user_id: string },
  before: readonly RankRow[],
  after: readonly RankRow[],
): RankingOutcome {
  const mineBefore = before.find((r) => r.user_id === run.user_id) ?? null;
  const mine = after.find((r) => r.user_id === run.user_id)!;
  const isPersonalBest = mine.run_record_id === run.id;
  const previousRank = isPersonalBest ? (mineBefore?.rank ?? null) : mine.previous_rank;
  const overtaken: string[] = [];
  if (isPersonalBest && mine.rank !== null) {
    const oldPosition = mineBefore?.rank ?? Number.POSITIVE_INFINITY;
    const afterRank = new Map(after.map((r) => [r.user_id, r.rank]));
    for (const other of before) {
      if (other.user_id === run.user_id || other.rank === null || other.rank >= oldPosition) continue;
      const now = afterRank.get(other.user_id);
      if (now != null && now > mine.rank) overtaken.push(other.user_id);
    }
  }
  return {
    rank: mine.rank,
    total_runners: after.length,
    is_personal_best: isPersonalBest,
    previous_best_duration: isPersonalBest
      ? (mineBefore?.best_duration_seconds ?? null)
      : mine.best_duration_seconds,
    previous_rank: previousRank,
    rank_change: previousRank !== null && mine.rank !== null ? previousRank - mine.rank : null,
    overtaken_user_ids: overtaken,
  };
}
