import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { countedRunSql } from '@runvs/database';
import type { LngLat } from '@runvs/geo';
import { DataSource, type EntityManager } from 'typeorm';
import type { RankingOutcome } from '../rankings/ranking.rules';
import type { NewRunFromTrack } from './run-records.types';
import type { RunValues } from './run-values';

export interface CompletionRow {
  id: string;
  user_id: string;
  course_id: string | null;
  distance_meters: number;
  duration_seconds: number;
  activity_type: string;
  is_flagged: boolean;
  flag_reason: string | null;
  route_match_percent: number | null;
  max_deviation_meters: number | null;
  course_completed: boolean | null;
  ranking_outcome: RankingOutcome | null;
  pipeline_completed_at: Date | null;
  pipeline_failed_at: Date | null;
  time_zone: string | null;
}

export interface RunToDelete {
  id: string;
  course_id: string | null;
  session_id: string | null;
  finished_at: Date;
  west: number | null;
  south: number;
  east: number;
  north: number;
}

const lineGeoJson = (route: LngLat[] | null): string | null =>
  route && route.length >= 2 ? JSON.stringify({ type: 'LineString', coordinates: route }) : null;

/** SQL of run_records (geometry via PostGIS). */
@Injectable()
export class RunRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async userWeight(
    manager: EntityManager,
    userId: string,
  ): Promise<{ weight_kg: number | null } | undefined> {
    const [user] = (await manager.query(`SELECT weight_kg FROM users WHERE id = $1`, [userId])) as Array<{
      weight_kg: number | null;
    }>;
    return user;
  }

  /** True once the run's pipeline finished or gave up (or the run is gone). */
  async pipelineSettled(runRecordId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT pipeline_completed_at IS NOT NULL OR pipeline_failed_at IS NOT NULL AS done
         FROM run_records WHERE id = $1`,
      [runRecordId],
    )) as Array<{ done: boolean }>;
    return !row || row.done;
  }

  async completionRow(runRecordId: string): Promise<CompletionRow | undefined> {
    const [run] = (await this.dataSource.query(
      `SELECT r.id, r.user_id, r.course_id, r.distance_meters, r.duration_seconds, r.activity_type, r.is_flagged, r.flag_reason,
              r.route_match_percent, r.max_deviation_meters, r.course_completed, r.ranking_outcome,
              r.pipeline_completed_at, r.pipeline_failed_at, u.time_zone
         FROM run_records r JOIN users u ON u.id = r.user_id WHERE r.id = $1`,
      [runRecordId],
    )) as CompletionRow[];
    return run;
  }

  /** Distance and finish instant of every counted run of the user (`runCounts`). */
  async userRuns(userId: string): Promise<Array<{ distance_meters: number; finished_at: Date }>> {
    return (await this.dataSource.query(
      `SELECT distance_meters, finished_at FROM run_records WHERE user_id = $1 AND ${countedRunSql()}`,
      [userId],
    )) as Array<{ distance_meters: number; finished_at: Date }>;
  }

  /** Finish instants of the user's completed, counted runs of a course. */
  async courseCompletions(userId: string, courseId: string): Promise<Date[]> {
    const rows = (await this.dataSource.query(
      `SELECT finished_at FROM run_records WHERE user_id = $1 AND course_id = $2 AND course_completed AND ${countedRunSql()}`,
      [userId, courseId],
    )) as Array<{ finished_at: Date }>;
    return rows.map((row) => row.finished_at);
  }

  /** The owner's run with everything GET /runs/{id} shows. */
  async detail(userId: string, runRecordId: string): Promise<Record<string, unknown> | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT r.id, r.user_id, r.course_id, r.source, r.activity_type, r.distance_meters, r.duration_seconds,
              r.total_elapsed_seconds, r.gps_distance_meters, r.moving_time_seconds, r.elapsed_seconds, r.data_notes,
              r.avg_pace_seconds_per_km, r.best_pace_seconds_per_km, r.avg_speed_ms,
              r.max_speed_ms, r.calories, r.elevation_gain_meters, r.elevation_loss_meters,
              ST_AsGeoJSON(r.route_geometry)::json AS route_geometry, r.elevation_profile, r.splits,
              r.pause_intervals, r.best_efforts, r.started_at, r.finished_at, r.goal_data, r.client_summary,
              r.course_completed, r.route_match_percent, r.max_deviation_meters, r.course_completion,
              r.checkpoint_results, r.ranking_outcome, r.is_flagged, r.flag_reason, r.flag_reasons,
              r.board_excluded_reason, r.board_excluded_at,
              r.pipeline_completed_at, r.pipeline_failed_at, r.point_count,
              c.title AS course_title, c.distance_meters AS course_distance
         FROM run_records r LEFT JOIN courses c ON c.id = r.course_id
        WHERE r.id = $1 AND r.user_id = $2`,
      [runRecordId, userId],
    )) as Array<Record<string, unknown>>;
    return row;
  }

  /**
   * The owner's run locked for deletion, with the extent of its route — after the runner's pipeline
   * lock (the pipeline's order): the totals recount that follows must not interleave with the
   * increments of another of their runs, or it would overwrite them.
   */
  async lockForDeletion(
    manager: EntityManager,
    userId: string,
    runRecordId: string,
  ): Promise<RunToDelete | undefined> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('runner-pipeline:' || $1::text))`, [userId]);
    const [run] = (await manager.query(
      `SELECT id, course_id, session_id, finished_at,
              ST_XMin(route_geometry::geometry) AS west, ST_YMin(route_geometry::geometry) AS south,
              ST_XMax(route_geometry::geometry) AS east, ST_YMax(route_geometry::geometry) AS north
         FROM run_records WHERE id = $1 AND user_id = $2 FOR UPDATE`,
      [runRecordId, userId],
    )) as RunToDelete[];
    return run;
  }

  /** Deletes the record and its live session (the session's chunks go with it). */
  async delete(manager: EntityManager, run: { id: string; session_id: string | null }): Promise<void> {
    await manager.query(`DELETE FROM run_records WHERE id = $1`, [run.id]);
    if (run.session_id) await manager.query(`DELETE FROM run_sessions WHERE id = $1`, [run.session_id]);
  }

  async insert(
    manager: EntityManager,
    input: NewRunFromTrack,
    values: RunValues,
    times: { startedAt: Date; finishedAt: Date },
    routePreview: LngLat[] | null,
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO run_records (
         user_id, session_id, course_id, external_import_id, source, activity_type,
         distance_meters, duration_seconds, total_elapsed_seconds, avg_pace_seconds_per_km, best_pace_seconds_per_km,
         avg_speed_ms, max_speed_ms, calories, elevation_gain_meters, elevation_loss_meters,
         route_geometry, route_preview, elevation_profile, splits, pause_intervals, best_efforts,
         filter_config, goal_data, checkpoint_passes, client_summary, point_count, device_model,
         is_flagged, flag_reason, flag_reasons, duplicate_of_run_id, started_at, finished_at,
         gps_distance_meters, moving_time_seconds, elapsed_seconds, data_notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
               ST_GeomFromGeoJSON($17)::geography, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28,
               $29, $30, $31, $32, $33, $34, $35, $36, $37, $38)
       RETURNING id`,
      [
        input.userId,
        input.sessionId ?? null,
        input.courseId ?? null,
        input.externalImportId ?? null,
        input.source,
        input.activityType ?? 'run',
        values.distanceMeters,
        values.durationSeconds,
        values.totalElapsedSeconds,
        values.avgPaceSecondsPerKm,
        values.bestPaceSecondsPerKm,
        values.avgSpeedMs,
        values.maxSpeedMs,
        values.calories,
        values.elevationGainMeters,
        values.elevationLossMeters,
        lineGeoJson(values.route),
        routePreview ? JSON.stringify(routePreview) : null,
        JSON.stringify(values.elevationProfile),
        JSON.stringify(values.splits),
        JSON.stringify(input.pauseIntervals ?? []),
        JSON.stringify(values.bestEfforts),
        input.filterConfig ? JSON.stringify(input.filterConfig) : null,
        input.goalData ? JSON.stringify(input.goalData) : null,
        input.checkpointPasses ? JSON.stringify(input.checkpointPasses) : null,
        input.clientSummary ? JSON.stringify(storedClientSummary(input, values)) : null,
        values.pointCount,
        input.deviceModel ?? null,
        values.isFlagged,
        values.flagReason,
        values.flagReasons.length > 0 ? JSON.stringify(values.flagReasons) : null,
        input.duplicateOfRunId ?? null,
        times.startedAt,
        times.finishedAt,
        values.gpsDistanceMeters,
        values.movingTimeSeconds,
        values.elapsedSeconds,
        input.dataNotes && input.dataNotes.length > 0 ? JSON.stringify(input.dataNotes) : null,
      ],
    )) as Array<{ id: string }>;
    await stampRunnerFacts(manager, row.id);
    return row.id;
  }
}

/**
 * The runner as they were when they ran (gender, age in whole years at the finish): what the
 * gender and age-group board filters judge the effort by, whatever the profile says later.
 */
export async function stampRunnerFacts(manager: EntityManager, runRecordId: string): Promise<void> {
  await manager.query(
    `UPDATE run_records r
        SET runner_gender = u.gender,
            runner_age = CASE WHEN u.birthday IS NOT NULL
                              THEN date_part('year', age(r.finished_at::date, u.birthday))::int END
       FROM users u
      WHERE r.id = $1 AND u.id = r.user_id`,
    [runRecordId],
  );
}

function storedClientSummary(input: NewRunFromTrack, values: RunValues): Record<string, unknown> {
  const client = input.clientSummary!;
  const reported = client.reported ?? {
    distance_meters: client.distanceMeters,
    duration_seconds: client.durationSeconds,
  };
  const c = values.comparison;
  return {
    ...reported,
    comparison: c
      ? {
          distance_diff_meters: c.distanceDiffMeters,
          distance_diff_ratio: c.distanceDiffRatio,
          duration_diff_seconds: c.durationDiffSeconds,
          duration_diff_ratio: c.durationDiffRatio,
          mismatches: c.codes,
        }
      : null,
  };
}
