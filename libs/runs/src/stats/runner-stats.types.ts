export type StatsPeriod = 'all' | 'week' | 'month' | 'year';
export const STATS_PERIODS: readonly StatsPeriod[] = ['all', 'week', 'month', 'year'];

/** `UserStats` (contract §3). */
export interface UserStats {
  total_distance_meters: number;
  total_duration_seconds: number;
  total_runs: number;
  avg_pace_seconds_per_km: number | null;
  avg_distance_per_run_meters: number;
  best_pace_seconds_per_km: number | null;
  longest_run_meters: number;
  total_elevation_gain_meters: number;
  estimated_calories: number;
  current_streak_days: number;
  best_streak_days: number;
  courses_created: number;
  courses_completed: number;
  total_course_runs: number;
  ranking_top10_count: number;
  monthly_distance: Array<{ month: string; distance_meters: number; run_count: number }>;
}

/** `WeeklyStats` (contract §3). */
export interface WeeklyStats {
  total_distance_meters: number;
  total_duration_seconds: number;
  run_count: number;
  avg_pace_seconds_per_km: number | null;
  compared_to_last_week_percent: number;
}

export interface AnalyticsResponse {
  weekly_stats: Array<{
    week_start: string;
    distance_meters: number;
    run_count: number;
    duration_seconds: number;
    avg_pace: number | null;
  }>;
  pace_trend: Array<{ date: string; avg_pace: number; distance_meters: number }>;
  activity_calendar: Array<{ date: string; distance_meters: number; run_count: number }>;
  best_efforts: Array<{
    distance_label: string;
    target_meters: number;
    best_time_seconds: number | null;
    best_pace: number | null;
    achieved_date: string | null;
    run_id: string | null;
  }>;
  weekly_goal_km: number;
  weekly_current_km: number;
}

export type RunsOrderBy = 'finished_at' | 'distance_meters' | 'duration_seconds';
export const RUNS_ORDER_BY: readonly RunsOrderBy[] = ['finished_at', 'distance_meters', 'duration_seconds'];

export interface RunsQuery {
  page: number;
  perPage: number;
  orderBy: RunsOrderBy;
  order: 'asc' | 'desc';
}

/** `RunHistoryItem` (contract §3). */
export interface RunHistoryItem {
  id: string;
  /** run, trail_run, treadmill, walk, hike, ride, other; only the first three count as runs */
  activity_type: string;
  distance_meters: number;
  duration_seconds: number;
  avg_pace_seconds_per_km: number | null;
  elevation_gain_meters: number;
  started_at: string;
  finished_at: string;
  course: { id: string; title: string; distance_meters: number } | null;
  device_model: string | null;
  route_preview: Array<[number, number]> | null;
  goal_data: Record<string, unknown> | null;
}

/** `MyCourseItem` (contract §3). */
export interface MyCourseItem {
  id: string;
  title: string;
  description: string | null;
  distance_meters: number;
  thumbnail_url: string | null;
  is_public: boolean;
  course_type: 'normal' | 'loop' | null;
  lap_count: number | null;
  created_at: string;
  stats: { total_runs: number; unique_runners: number; avg_pace_seconds_per_km: number | null };
}
