import { courseVisibleSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryPreparedIn } from '@runvs/database';
import type { RankingOutcome } from '../rankings/ranking.rules';

export interface PipelineRun {
  id: string;
  user_id: string;
  course_id: string | null;
  source: string;
  activity_type: string;
  is_flagged: boolean;
  /** an admin excluded the effort from its course board */
  board_excluded_at: Date | null;
  is_ranking_eligible: boolean;
  course_completed: boolean | null;
  distance_meters: number;
  duration_seconds: number;
  /** the run as a course effort: timed from the track, whatever a device's totals show */
  moving_time_seconds: number;
  started_at: Date;
  finished_at: Date;
  checkpoint_passes: unknown;
  ranking_outcome: RankingOutcome | null;
  matched_at: Date | null;
  ranked_at: Date | null;
  course_stats_at: Date | null;
  user_totals_at: Date | null;
  events_at: Date | null;
  heatmap_at: Date | null;
  notified_at: Date | null;
  pipeline_completed_at: Date | null;
  /** for the notifications: the course's title and the runner's nickname */
  course_title: string | null;
  nickname: string | null;
}

/** A counted run as its notices see it. */
export interface NoticesRun {
  id: string;
  user_id: string;
  course_id: string | null;
  /** the effort's time from the track (what the board ranked) */
  moving_time_seconds: number;
  ranking_outcome: RankingOutcome | null;
  notified_at: Date | null;
  pipeline_completed_at: Date | null;
  course_title: string | null;
  nickname: string | null;
}

/**
 * The run's row locked, and the runner's pipeline lock taken (one runner's runs count one at a time).
 * The transaction commits without waiting for its WAL flush (synchronous_commit off, this
 * transaction only): the course board lock is held until the commit, so the flush would be paid by
 * every completion queued behind it. Nothing is lost that is not redone: a server crash can drop
 * only the last pipeline commits as a whole (marks included), and the sweeper counts those runs again.
 */
const LOCK_RUN = {
  name: 'run-pipeline-lock-v5',
  text: `SELECT r.id, r.user_id, r.course_id, r.source, r.activity_type, r.is_flagged, r.board_excluded_at,
                r.is_ranking_eligible, r.course_completed,
                r.distance_meters, r.duration_seconds, r.moving_time_seconds, r.started_at, r.finished_at, r.checkpoint_passes,
                r.ranking_outcome, r.matched_at, r.ranked_at, r.course_stats_at, r.user_totals_at, r.events_at,
                r.heatmap_at, r.notified_at, r.pipeline_completed_at, c.title AS course_title, u.nickname,
                pg_advisory_xact_lock(hashtext('runner-pipeline:' || r.user_id::text)) AS locked,
                set_config('synchronous_commit', 'off', true) AS async_commit
           FROM run_records r JOIN users u ON u.id = r.user_id LEFT JOIN courses c ON c.id = r.course_id
          WHERE r.id = $1
            FOR UPDATE OF r`,
};

/** What the notices need of a counted run, its row locked (the notices' guard). */
const LOCK_FOR_NOTICES = {
  name: 'run-notices-lock-v2',
  text: `SELECT r.id, r.user_id, r.course_id, r.moving_time_seconds, r.ranking_outcome, r.notified_at,
                r.pipeline_completed_at, c.title AS course_title, u.nickname
           FROM run_records r JOIN users u ON u.id = r.user_id LEFT JOIN courses c ON c.id = r.course_id
          WHERE r.id = $1
            FOR UPDATE OF r`,
};

const MARK_NOTIFIED = {
  name: 'run-notices-mark-v1',
  text: `UPDATE run_records SET notified_at = now() WHERE id = $1`,
};

const MATCH_INPUT = {
  name: 'run-pipeline-match-input-v1',
  text: `SELECT ST_AsGeoJSON(c.route_geometry)::json AS course_line, c.is_hidden, c.checkpoints,
                ${courseVisibleSql('c', 'r.user_id')} AS course_visible,
                ST_AsGeoJSON(r.route_geometry)::json AS run_line
           FROM run_records r JOIN courses c ON c.id = r.course_id
          WHERE r.id = $1`,
};

/**
 * The pipeline's one write to the run row: the match (when matched now: $2 true), the ranking
 * outcome (when ranked now: $9 true), every stage marked and the pipeline completed — but
 * `notified_at` when the run has notices to send after the commit ($11 true).
 */
const FINISH_RUN = {
  name: 'run-pipeline-finish-v2',
  text: `UPDATE run_records SET
           course_completed = CASE WHEN $2 THEN $3 ELSE course_completed END,
           route_match_percent = CASE WHEN $2 THEN $4 ELSE route_match_percent END,
           max_deviation_meters = CASE WHEN $2 THEN $5 ELSE max_deviation_meters END,
           course_completion = CASE WHEN $2 THEN $6::jsonb ELSE course_completion END,
           is_ranking_eligible = CASE WHEN $2 THEN $7 ELSE is_ranking_eligible END,
           checkpoint_results = CASE WHEN $2 THEN $8::jsonb ELSE checkpoint_results END,
           ranking_outcome = CASE WHEN $9 THEN $10::jsonb ELSE ranking_outcome END,
           matched_at = coalesce(matched_at, now()), ranked_at = coalesce(ranked_at, now()),
           course_stats_at = coalesce(course_stats_at, now()), user_totals_at = coalesce(user_totals_at, now()),
           events_at = coalesce(events_at, now()), heatmap_at = coalesce(heatmap_at, now()),
           notified_at = CASE WHEN $11 THEN notified_at ELSE coalesce(notified_at, now()) END,
           pipeline_completed_at = now(), pipeline_failed_at = NULL, pipeline_error = NULL
         WHERE id = $1`,
};

export interface MatchInput {
  course_line: { coordinates: number[][] } | null;
  is_hidden: boolean;
  /** the runner may see the course (a private course: only its creator and admins) */
  course_visible: boolean;
  checkpoints: Array<{ id: number }> | null;
  run_line: { coordinates: number[][] } | null;
}

export interface MatchOutcome {
  courseCompleted: boolean;
  routeMatchPercent: number | null;
  maxDeviationMeters: number | null;
  completion: unknown;
  eligible: boolean;
  checkpointResults: unknown[] | null;
}

/** What the pipeline writes of a match; a run without a course has no verdict (all null, not eligible). */
export type RunMatch = Omit<MatchOutcome, 'courseCompleted'> & { courseCompleted: boolean | null };

/** SQL of the run-completion pipeline's own writes on run_records. */
@Injectable()
export class RunPipelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The run, locked, with every stage column; undefined when it is gone. */
  async lockRun(manager: EntityManager, runRecordId: string): Promise<PipelineRun | undefined> {
    const [run] = await queryPreparedIn<PipelineRun>(manager, LOCK_RUN, [runRecordId]);
    return run;
  }

  /** Marks every stage done and the pipeline completed, writing what this pass decided. */
  async finish(
    manager: EntityManager,
    runRecordId: string,
    match: RunMatch | null,
    outcome: RankingOutcome | null | undefined,
    noticesPending: boolean,
  ): Promise<void> {
    await queryPreparedIn(manager, FINISH_RUN, [
      runRecordId,
      match !== null,
      match?.courseCompleted ?? null,
      match?.routeMatchPercent ?? null,
      match?.maxDeviationMeters ?? null,
      match ? JSON.stringify(match.completion) : null,
      match?.eligible ?? false,
      match?.checkpointResults ? JSON.stringify(match.checkpointResults) : null,
      outcome !== undefined,
      outcome ? JSON.stringify(outcome) : null,
      noticesPending,
    ]);
  }

  /** The run for its notices, locked; undefined when it is gone. */
  async lockForNotices(manager: EntityManager, runRecordId: string): Promise<NoticesRun | undefined> {
    const [run] = await queryPreparedIn<NoticesRun>(manager, LOCK_FOR_NOTICES, [runRecordId]);
    return run;
  }

  async markNotified(manager: EntityManager, runRecordId: string): Promise<void> {
    await queryPreparedIn(manager, MARK_NOTIFIED, [runRecordId]);
  }

  async markFailed(runRecordId: string, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE run_records SET pipeline_failed_at = now(), pipeline_error = $2 WHERE id = $1`,
      [runRecordId, message.slice(0, 2_000)],
    );
  }

  /** Both lines (GeoJSON) and the course facts the matcher needs. */
  async matchInput(manager: EntityManager, runRecordId: string): Promise<MatchInput | undefined> {
    const [row] = await queryPreparedIn<MatchInput>(manager, MATCH_INPUT, [runRecordId]);
    return row;
  }

  async saveMatch(manager: EntityManager, runRecordId: string, match: MatchOutcome): Promise<void> {
    await manager.query(
      `UPDATE run_records SET course_completed = $2, route_match_percent = $3, max_deviation_meters = $4,
                              course_completion = $5, is_ranking_eligible = $6, checkpoint_results = $7
        WHERE id = $1`,
      [
        runRecordId,
        match.courseCompleted,
        match.routeMatchPercent,
        match.maxDeviationMeters,
        JSON.stringify(match.completion),
        match.eligible,
        match.checkpointResults ? JSON.stringify(match.checkpointResults) : null,
      ],
    );
  }
}
