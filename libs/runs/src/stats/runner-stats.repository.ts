import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { countedRunSql } from '@runvs/database';
import { DataSource } from 'typeorm';
import type { RunsQuery } from './runner-stats.types';
import type { StoredStreakRow } from './runner-totals.repository';

/** Only counted runs feed the stats (`runCounts`: rides, walks and flagged runs are listed to their owner, never counted). */
const RUNS = countedRunSql();
const COUNTED_R = countedRunSql('r');

export interface RunnerProfile extends StoredStreakRow {
  time_zone: string;
  weight_kg: number | null;
  weekly_goal_km: number;
}

export interface RunAggregate {
  runs: number;
  distance: number;
  duration: number;
  best_pace: number | null;
  longest: number;
  gain: number;
  calories_known: number;
  /** Totals of the runs whose calories are unknown, to estimate them. */
  unknown_distance: number;
  unknown_duration: number;
  unknown_gain: number;
}

export interface CourseFigures {
  courses_created: number;
  courses_completed: number;
  total_course_runs: number;
  ranking_top10_count: number;
}

export interface RunHistoryRow {
  id: string;
  activity_type: string;
  distance_meters: number;
  duration_seconds: number;
  avg_pace_seconds_per_km: number | null;
  elevation_gain_meters: number;
  started_at: Date;
  finished_at: Date;
  goal_data: Record<string, unknown> | null;
  device_model: string | null;
  course_id: string | null;
  course_title: string | null;
  course_distance: number | null;
  route_preview: unknown;
  preview_geojson: { coordinates?: number[][] } | null;
}

export interface MyCourseRow {
  id: string;
  title: string;
  description: string | null;
  distance_meters: number;
  thumbnail_url: string | null;
  is_public: boolean;
  course_type: 'normal' | 'loop' | null;
  lap_count: number | null;
  created_at: Date;
  total_runs: number;
  unique_runners: number;
  avg_pace_seconds_per_km: number | null;
}

const ORDER_COLUMNS = {
  finished_at: 'r.finished_at',
  distance_meters: 'r.distance_meters',
  duration_seconds: 'r.duration_seconds',
} as const;

/**
 * The aggregate SQL behind a runner's statistics. Local dates and weeks are computed by
 * PostgreSQL in the user's IANA time zone (`AT TIME ZONE $tz`), which is the same zone database
 * the pure helpers use.
 */
@Injectable()
export class RunnerStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The profile fields statistics depend on (time zone, weight, weekly goal) and the kept daily streak, or null. */
  async runner(userId: string): Promise<RunnerProfile | null> {
    const [row] = (await this.dataSource.query(
      `SELECT time_zone, weight_kg, weekly_goal_km,
              streak_last_date::text AS streak_last_date, streak_current_days, streak_best_days
         FROM users WHERE id = $1`,
      [userId],
    )) as RunnerProfile[];
    return row ?? null;
  }

  /** Totals over the user's non-flagged runs finished at or after `since` (all when null). */
  async aggregate(userId: string, since: Date | null): Promise<RunAggregate> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS runs,
              COALESCE(sum(distance_meters), 0)::float8 AS distance,
              COALESCE(sum(duration_seconds), 0)::float8 AS duration,
              min(avg_pace_seconds_per_km) FILTER (WHERE avg_pace_seconds_per_km > 0) AS best_pace,
              COALESCE(max(distance_meters), 0) AS longest,
              COALESCE(sum(elevation_gain_meters), 0)::float8 AS gain,
              COALESCE(sum(calories), 0)::float8 AS calories_known,
              COALESCE(sum(distance_meters) FILTER (WHERE calories IS NULL), 0)::float8 AS unknown_distance,
              COALESCE(sum(duration_seconds) FILTER (WHERE calories IS NULL), 0)::float8 AS unknown_duration,
              COALESCE(sum(elevation_gain_meters) FILTER (WHERE calories IS NULL), 0)::float8 AS unknown_gain
         FROM run_records
        WHERE user_id = $1 AND ${RUNS} AND ($2::timestamptz IS NULL OR finished_at >= $2)`,
      [userId, since],
    )) as RunAggregate[];
    return row;
  }

  async courseFigures(userId: string): Promise<CourseFigures> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM courses WHERE creator_id = $1)::int AS courses_created,
              (SELECT count(DISTINCT course_id) FROM run_records
                WHERE user_id = $1 AND course_id IS NOT NULL AND course_completed AND ${RUNS})::int AS courses_completed,
              (SELECT count(*) FROM run_records WHERE user_id = $1 AND course_id IS NOT NULL AND ${RUNS})::int AS total_course_runs,
              (SELECT count(*) FROM rankings k WHERE k.user_id = $1
                  AND ranking_position(k.course_id, k.best_duration_seconds, k.achieved_at, k.user_id) <= 10)::int AS ranking_top10_count`,
      [userId],
    )) as CourseFigures[];
    return row;
  }

  /** Distance and runs per local month since `since`, oldest month first. */
  async monthlyDistance(
    userId: string,
    timeZone: string,
    since: Date,
  ): Promise<Array<{ month: string; distance_meters: number; run_count: number }>> {
    return (await this.dataSource.query(
      `SELECT to_char(finished_at AT TIME ZONE $2, 'YYYY-MM') AS month,
              sum(distance_meters)::float8 AS distance_meters, count(*)::int AS run_count
         FROM run_records WHERE user_id = $1 AND ${RUNS} AND finished_at >= $3
        GROUP BY 1 ORDER BY 1`,
      [userId, timeZone, since],
    )) as Array<{ month: string; distance_meters: number; run_count: number }>;
  }

  /** Totals of the counted runs finished in [from, to). */
  async windowTotals(
    userId: string,
    from: Date,
    to: Date,
  ): Promise<{ distance: number; duration: number; runs: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT COALESCE(sum(distance_meters), 0)::float8 AS distance,
              COALESCE(sum(duration_seconds), 0)::float8 AS duration, count(*)::int AS runs
         FROM run_records WHERE user_id = $1 AND ${RUNS} AND finished_at >= $2 AND finished_at < $3`,
      [userId, from, to],
    )) as Array<{ distance: number; duration: number; runs: number }>;
    return row;
  }

  /** Totals per local ISO week (Monday date key) since `since`. */
  async weeklyTotals(
    userId: string,
    timeZone: string,
    since: Date,
  ): Promise<
    Array<{ week_start: string; distance_meters: number; run_count: number; duration_seconds: number }>
  > {
    return (await this.dataSource.query(
      `SELECT to_char(date_trunc('week', finished_at AT TIME ZONE $2), 'YYYY-MM-DD') AS week_start,
              sum(distance_meters)::float8 AS distance_meters, count(*)::int AS run_count,
              sum(duration_seconds)::float8 AS duration_seconds
         FROM run_records WHERE user_id = $1 AND ${RUNS} AND finished_at >= $3
        GROUP BY 1`,
      [userId, timeZone, since],
    )) as Array<{ week_start: string; distance_meters: number; run_count: number; duration_seconds: number }>;
  }

  /** The latest `limit` runs with a pace, newest first. */
  async recentPaces(
    userId: string,
    limit: number,
  ): Promise<Array<{ finished_at: Date; avg_pace: number; distance_meters: number }>> {
    return (await this.dataSource.query(
      `SELECT finished_at, avg_pace_seconds_per_km AS avg_pace, distance_meters
         FROM run_records WHERE user_id = $1 AND ${RUNS} AND avg_pace_seconds_per_km > 0
        ORDER BY finished_at DESC LIMIT $2`,
      [userId, limit],
    )) as Array<{ finished_at: Date; avg_pace: number; distance_meters: number }>;
  }

  /** Distance and runs per local date since `since`, oldest first. */
  async dailyTotals(
    userId: string,
    timeZone: string,
    since: Date,
  ): Promise<Array<{ date: string; distance_meters: number; run_count: number }>> {
    return (await this.dataSource.query(
      `SELECT to_char(finished_at AT TIME ZONE $2, 'YYYY-MM-DD') AS date,
              sum(distance_meters)::float8 AS distance_meters, count(*)::int AS run_count
         FROM run_records WHERE user_id = $1 AND ${RUNS} AND finished_at >= $3
        GROUP BY 1 ORDER BY 1`,
      [userId, timeZone, since],
    )) as Array<{ date: string; distance_meters: number; run_count: number }>;
  }

  /**
   * Per target distance, the non-flagged run with the best average pace that is at least that
   * long (the §8.5 estimate's source).
   */
  async bestAveragePaceRuns(
    userId: string,
    timeZone: string,
    targets: ReadonlyArray<{ label: string; meters: number }>,
  ): Promise<
    Array<{ label: string; meters: number; run_id: string; avg_pace: number; achieved_date: string }>
  > {
    if (targets.length === 0) return [];
    return (await this.dataSource.query(
      `SELECT DISTINCT ON (t.label) t.label, t.meters, r.id AS run_id, r.avg_pace_seconds_per_km AS avg_pace,
              to_char(r.finished_at AT TIME ZONE $2, 'YYYY-MM-DD') AS achieved_date
         FROM unnest($3::text[], $4::int[]) AS t(label, meters)
         JOIN run_records r ON r.user_id = $1 AND ${COUNTED_R} AND r.distance_meters >= GREATEST(t.meters, 1000)
                           AND r.avg_pace_seconds_per_km > 0
        ORDER BY t.label, r.avg_pace_seconds_per_km, r.finished_at`,
      [userId, timeZone, targets.map((t) => t.label), targets.map((t) => t.meters)],
    )) as Array<{ label: string; meters: number; run_id: string; avg_pace: number; achieved_date: string }>;
  }

  /**
   * Measured best efforts the runs pipeline stored on non-flagged runs (`best_efforts`: an array of
   * `{key, durationSeconds}`), the fastest per key.
   */
  async measuredEfforts(
    userId: string,
    timeZone: string,
  ): Promise<Array<{ key: string; seconds: number; run_id: string; achieved_date: string }>> {
    return (await this.dataSource.query(
      `SELECT DISTINCT ON (e.key) e.key, e.seconds, e.run_id, e.achieved_date
         FROM (SELECT lower(effort->>'key') AS key,
                      COALESCE(effort->>'durationSeconds', effort->>'duration_seconds')::float8 AS seconds,
                      r.id AS run_id, r.finished_at,
                      to_char(r.finished_at AT TIME ZONE $2, 'YYYY-MM-DD') AS achieved_date
                 FROM run_records r
                 CROSS JOIN LATERAL jsonb_array_elements(
                   CASE WHEN jsonb_typeof(r.best_efforts) = 'array' THEN r.best_efforts ELSE '[]'::jsonb END) AS effort
                WHERE r.user_id = $1 AND ${COUNTED_R} AND jsonb_typeof(effort) = 'object'
                  AND jsonb_typeof(COALESCE(effort->'durationSeconds', effort->'duration_seconds')) = 'number') e
        WHERE e.seconds > 0
        ORDER BY e.key, e.seconds, e.finished_at`,
      [userId, timeZone],
    )) as Array<{ key: string; seconds: number; run_id: string; achieved_date: string }>;
  }

  async runCount(userId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM run_records WHERE user_id = $1`,
      [userId],
    )) as Array<{ n: number }>;
    return row.n;
  }

  /** One page of the user's runs; the line for the preview only when no preview is stored. */
  async runPage(userId: string, query: RunsQuery): Promise<RunHistoryRow[]> {
    const column = ORDER_COLUMNS[query.orderBy];
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    return (await this.dataSource.query(
      `SELECT r.id, r.activity_type, r.distance_meters, r.duration_seconds, r.avg_pace_seconds_per_km, r.elevation_gain_meters,
              r.started_at, r.finished_at, r.goal_data,
              COALESCE(r.device_model, s.device_info->>'device_model') AS device_model,
              c.id AS course_id, c.title AS course_title, c.distance_meters AS course_distance,
              r.route_preview,
              CASE WHEN r.route_preview IS NULL
                   THEN ST_AsGeoJSON(COALESCE(c.route_geometry, r.route_geometry))::json END AS preview_geojson
         FROM run_records r
         LEFT JOIN courses c ON c.id = r.course_id
         LEFT JOIN run_sessions s ON s.id = r.session_id
        WHERE r.user_id = $1
        ORDER BY ${column} ${direction}, r.id ${direction}
        LIMIT $2 OFFSET $3`,
      [userId, query.perPage, query.page * query.perPage],
    )) as RunHistoryRow[];
  }

  async myCourses(userId: string): Promise<MyCourseRow[]> {
    return (await this.dataSource.query(
      `SELECT c.id, c.title, c.description, c.distance_meters, c.thumbnail_url, c.is_public, c.course_type,
              c.lap_count, c.created_at, COALESCE(cs.total_runs, 0) AS total_runs,
              COALESCE(cs.unique_runners, 0) AS unique_runners, cs.avg_pace_seconds_per_km
         FROM courses c LEFT JOIN course_stats cs ON cs.course_id = c.id
        WHERE c.creator_id = $1
        ORDER BY c.created_at DESC, c.id`,
      [userId],
    )) as MyCourseRow[];
  }
}
