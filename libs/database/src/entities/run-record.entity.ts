import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ActivityType } from '../activity-type.rules';
import type { GeoJsonLineString } from '../column-types';

export type RunSource = 'live' | 'recovered' | 'gpx_upload' | 'fit_upload' | 'tcx_upload' | 'strava';
export type { ActivityType };
export type FlagReviewStatus = 'confirmed' | 'dismissed';

/**
 * A finished run. The run-completion pipeline records each stage it has done in its own
 * `*_at` column, in the same transaction as that stage's writes, so a re-run skips it.
 */
@Entity('run_records')
export class RunRecordEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'session_id', type: 'uuid', nullable: true }) sessionId!: string | null;
  @Column({ name: 'course_id', type: 'uuid', nullable: true }) courseId!: string | null;
  @Column({ name: 'external_import_id', type: 'uuid', nullable: true }) externalImportId!: string | null;
  @Column({ type: 'varchar', length: 12, default: 'live' }) source!: RunSource;
  @Column({ name: 'activity_type', type: 'varchar', length: 12, default: 'run' })
  activityType!: ActivityType;
  @Column({ name: 'distance_meters', type: 'integer' }) distanceMeters!: number;
  @Column({ name: 'duration_seconds', type: 'integer' }) durationSeconds!: number;
  /** our own figures from the track (an import shows the device's totals above; boards use these) */
  @Column({ name: 'gps_distance_meters', type: 'integer' }) gpsDistanceMeters!: number;
  @Column({ name: 'moving_time_seconds', type: 'integer' }) movingTimeSeconds!: number;
  @Column({ name: 'elapsed_seconds', type: 'integer', nullable: true }) elapsedSeconds!: number | null;
  /** informational notes on the run's data (our figures and the device's disagree…); null when none */
  @Column({ name: 'data_notes', type: 'jsonb', nullable: true }) dataNotes!: string[] | null;
  @Column({ name: 'total_elapsed_seconds', type: 'integer', nullable: true }) totalElapsedSeconds!:
    number | null;
  @Column({ name: 'avg_pace_seconds_per_km', type: 'integer', nullable: true }) avgPaceSecondsPerKm!:
    number | null;
  @Column({ name: 'best_pace_seconds_per_km', type: 'integer', nullable: true }) bestPaceSecondsPerKm!:
    number | null;
  @Column({ name: 'avg_speed_ms', type: 'real', nullable: true }) avgSpeedMs!: number | null;
  @Column({ name: 'max_speed_ms', type: 'real', nullable: true }) maxSpeedMs!: number | null;
  @Column({ type: 'integer', nullable: true }) calories!: number | null;
  @Column({ name: 'elevation_gain_meters', type: 'integer', default: 0 }) elevationGainMeters!: number;
  @Column({ name: 'elevation_loss_meters', type: 'integer', default: 0 }) elevationLossMeters!: number;
  @Column({
    name: 'route_geometry',
    type: 'geography',
    spatialFeatureType: 'LineString',
    srid: 4326,
    nullable: true,
    select: false,
  })
  routeGeometry!: GeoJsonLineString | null;
  @Column({ name: 'route_preview', type: 'jsonb', nullable: true }) routePreview!: Array<
    [number, number]
  > | null;
  @Column({ name: 'elevation_profile', type: 'jsonb', nullable: true }) elevationProfile!: number[] | null;
  @Column({ type: 'jsonb', nullable: true }) splits!: unknown[] | null;
  @Column({ name: 'pause_intervals', type: 'jsonb', default: () => "'[]'" }) pauseIntervals!: unknown[];
  @Column({ name: 'best_efforts', type: 'jsonb', nullable: true }) bestEfforts!: unknown[] | null;
  @Column({ name: 'filter_config', type: 'jsonb', nullable: true }) filterConfig!: Record<
    string,
    unknown
  > | null;
  @Column({ name: 'goal_data', type: 'jsonb', nullable: true }) goalData!: Record<string, unknown> | null;
  @Column({ name: 'checkpoint_passes', type: 'jsonb', nullable: true }) checkpointPasses!: unknown[] | null;
  @Column({ name: 'checkpoint_results', type: 'jsonb', nullable: true }) checkpointResults!: unknown[] | null;
  /** What the phone said, kept beside the server's own numbers for comparison. */
  @Column({ name: 'client_summary', type: 'jsonb', nullable: true }) clientSummary!: Record<
    string,
    unknown
  > | null;
  @Column({ name: 'point_count', type: 'integer', default: 0 }) pointCount!: number;
  @Column({ name: 'device_model', type: 'varchar', length: 100, nullable: true }) deviceModel!: string | null;
  @Column({ name: 'course_completed', type: 'boolean', nullable: true }) courseCompleted!: boolean | null;
  @Column({ name: 'route_match_percent', type: 'real', nullable: true }) routeMatchPercent!: number | null;
  @Column({ name: 'max_deviation_meters', type: 'real', nullable: true }) maxDeviationMeters!: number | null;
  @Column({ name: 'course_completion', type: 'jsonb', nullable: true })
  courseCompletion!: Record<string, unknown> | null;
  @Column({ name: 'is_flagged', type: 'boolean', default: false }) isFlagged!: boolean;
  @Column({ name: 'flag_reason', type: 'text', nullable: true }) flagReason!: string | null;
  @Column({ name: 'flag_reasons', type: 'jsonb', nullable: true }) flagReasons!: string[] | null;
  /** the runner's gender when the run was stored (board filters judge the effort by it) */
  @Column({ name: 'runner_gender', type: 'varchar', length: 10, nullable: true }) runnerGender!:
    string | null;
  /** the runner's age in whole years at `finished_at` (null: no birthday on the profile then) */
  @Column({ name: 'runner_age', type: 'smallint', nullable: true }) runnerAge!: number | null;
  /** the runner's appeal of the anomaly flag (POST /runs/{id}/appeal) */
  @Column({ name: 'flag_appeal_message', type: 'varchar', length: 1000, nullable: true }) flagAppealMessage!:
    string | null;
  @Column({ name: 'flag_appealed_at', type: 'timestamptz', nullable: true }) flagAppealedAt!: Date | null;
  /** an admin excluded this effort from its course board (after a report), and why */
  @Column({ name: 'board_excluded_reason', type: 'varchar', length: 500, nullable: true })
  boardExcludedReason!: string | null;
  @Column({ name: 'board_excluded_at', type: 'timestamptz', nullable: true }) boardExcludedAt!: Date | null;
  @Column({ name: 'flag_review_status', type: 'varchar', length: 12, nullable: true })
  flagReviewStatus!: FlagReviewStatus | null;
  @Column({ name: 'flag_reviewed_by_id', type: 'uuid', nullable: true }) flagReviewedById!: string | null;
  @Column({ name: 'flag_reviewed_at', type: 'timestamptz', nullable: true }) flagReviewedAt!: Date | null;
  /** What the ranking stage did for this run (position, personal best, rank change, overtaken runners). */
  @Column({ name: 'ranking_outcome', type: 'jsonb', nullable: true }) rankingOutcome!: Record<
    string,
    unknown
  > | null;
  @Column({ name: 'is_ranking_eligible', type: 'boolean', default: false }) isRankingEligible!: boolean;
  @Column({ name: 'duplicate_of_run_id', type: 'uuid', nullable: true }) duplicateOfRunId!: string | null;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'finished_at', type: 'timestamptz' }) finishedAt!: Date;
  @Column({ name: 'matched_at', type: 'timestamptz', nullable: true }) matchedAt!: Date | null;
  @Column({ name: 'ranked_at', type: 'timestamptz', nullable: true }) rankedAt!: Date | null;
  @Column({ name: 'course_stats_at', type: 'timestamptz', nullable: true }) courseStatsAt!: Date | null;
  @Column({ name: 'user_totals_at', type: 'timestamptz', nullable: true }) userTotalsAt!: Date | null;
  @Column({ name: 'events_at', type: 'timestamptz', nullable: true }) eventsAt!: Date | null;
  @Column({ name: 'notified_at', type: 'timestamptz', nullable: true }) notifiedAt!: Date | null;
  /** When the run's points were (re)written to heatmap_points (or found not eligible). */
  @Column({ name: 'heatmap_at', type: 'timestamptz', nullable: true }) heatmapAt!: Date | null;
  @Column({ name: 'pipeline_completed_at', type: 'timestamptz', nullable: true })
  pipelineCompletedAt!: Date | null;
  @Column({ name: 'pipeline_failed_at', type: 'timestamptz', nullable: true }) pipelineFailedAt!: Date | null;
  @Column({ name: 'pipeline_error', type: 'text', nullable: true }) pipelineError!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
