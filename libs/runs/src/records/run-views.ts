/** Response shapes of the runs endpoints (contract §5, snake_case). */
import type { GhostComparison } from '../ghosts/ghost-comparison.service';

export interface RunRanking {
  rank: number;
  total_runners: number;
  is_personal_best: boolean;
  previous_best_duration: number | null;
  /** positions gained since the previous best (+ is better); null for a first entry */
  rank_change: number | null;
}

export interface UserStatsUpdate {
  total_distance_meters: number;
  total_runs: number;
  streak_days: number;
  runner_level: number;
}

export type PipelineStatus = 'pending' | 'completed' | 'failed';

export interface RunCompletionView {
  run_record_id: string;
  /** null until the pipeline has ranked the run, and for runs that do not count */
  ranking: RunRanking | null;
  is_flagged: boolean;
  flag_reason: string | null;
  route_match_percent: number | null;
  max_deviation_meters: number | null;
  user_stats_update: UserStatsUpdate;
  missing_chunk_sequences: number[];
  points_earned: number;
  course_streak: number | null;
  map_matching_confidence: number | null;
  /** the server's own measurement */
  distance_meters: number;
  duration_seconds: number;
  pipeline_status: PipelineStatus;
  /**
   * Where I gained or lost time against the ghost I raced, per course kilometre (the session's
   * `ghost`, else my best before this run); null until the pipeline has matched the run as a
   * completed course effort, and when there is no ghost to compare with.
   */
  ghost_comparison: GhostComparison | null;
}

export interface RecoverView {
  run_record_id: string;
  recovered_distance_meters: number;
  recovered_duration_seconds: number;
  missing_chunk_sequences: number[];
}

export interface RunRecordDetail {
  id: string;
  user_id: string;
  course_id: string | null;
  source: string;
  activity_type: string;
  /** shown: the device's own totals for an import that carries them (else ours) */
  distance_meters: number;
  duration_seconds: number;
  total_elapsed_seconds: number | null;
  /** ours, from the track: what course efforts and boards are timed by */
  gps_distance_meters: number;
  moving_time_seconds: number;
  elapsed_seconds: number | null;
  /** informational notes on the run's data (our figures and the device's disagree…); empty when none */
  data_notes: string[];
  avg_pace_seconds_per_km: number | null;
  best_pace_seconds_per_km: number | null;
  avg_speed_ms: number | null;
  max_speed_ms: number | null;
  calories: number | null;
  elevation_gain_meters: number;
  elevation_loss_meters: number;
  route_geometry: { type: 'LineString'; coordinates: number[][] } | null;
  elevation_profile: number[] | null;
  splits: unknown[] | null;
  pause_intervals: unknown[];
  best_efforts: unknown[];
  started_at: string;
  finished_at: string;
  course: { id: string; title: string; distance_meters: number } | null;
  course_completion: Record<string, unknown> | null;
  checkpoint_results: unknown[] | null;
  ranking: RunRanking | null;
  goal_data: Record<string, unknown> | null;
  is_flagged: boolean;
  flag_reason: string | null;
  flag_reasons: string[];
  /** an admin took this effort off its course board, and why (null: it is not excluded) */
  board_exclusion: { reason: string; excluded_at: string } | null;
  client_summary: Record<string, unknown> | null;
  point_count: number;
  pipeline_status: PipelineStatus;
  /** the owner's comparison with the ghost raced, as in the complete answer (null for followers) */
  ghost_comparison: GhostComparison | null;
}

/**
 * A run as a follower sees it (GET /runs/{id} by someone else): the route is cut out of the
 * owner's privacy zones — a `MultiLineString` of the pieces outside them when anything was cut —
 * and the client summary and flag reasons are left out.
 */
export interface SharedRunDetail extends Omit<RunRecordDetail, 'route_geometry'> {
  route_geometry:
    | { type: 'LineString'; coordinates: number[][] }
    | { type: 'MultiLineString'; coordinates: number[][][] }
    | null;
  /** whether parts of the route inside the owner's privacy zones were removed */
  route_redacted: boolean;
}
