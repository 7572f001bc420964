import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { DomainError, notFound } from '@runvs/common';
import { inTransaction } from '@runvs/database';
import { DEFAULT_TIME_ZONE, runnerLevel } from '@runvs/geo';
import { DataSource } from 'typeorm';
import { AggregatesRepository } from '../pipeline/aggregates.repository';
import type {
  BoardEntry,
  BoardQuery,
  CourseBoard,
  MyBest,
  MyBoardRanking,
  MyCourseRanking,
  MyRankingsItem,
} from './rankings.types';

/**
 * Boards are cached until a write to the course's runs invalidates them (pipeline, run deletion,
 * rebuilds); the TTL only bounds what a write that cannot be tracked here leaves behind: a runner's
 * new nickname, or a calendar period rolling over.
 */
const BOARD_CACHE_SECONDS = 60;

const percentile = (rank: number, total: number): number => Math.round((rank / total) * 1000) / 10;

interface BoardRow {
  user_id: string;
  rank: number;
  best_duration_seconds: number;
  best_pace_seconds_per_km: number;
  run_count: number;
  achieved_at: Date;
  total: number;
  nickname: string | null;
  avatar_url: string | null;
  crew_name: string | null;
  country: string | null;
  total_distance_meters: number;
  rank_change: number | null;
}

/**
 * Leaderboards. Boards are built from the ranking-eligible runs themselves, so any period, the
 * pace order or a following-only view is exact; the all-time time board is the same order as the
 * cached `rankings` rows (lower duration, then earlier achievement), which supply `rank_change`.
 */
@Injectable()
export class RankingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly aggregates: AggregatesRepository,
    private readonly cache: CacheService,
  ) {}

  async board(courseId: string, viewerId: string | null, query: BoardQuery): Promise<CourseBoard> {
    await this.assertCourse(courseId);
    // Following-only boards change with the viewer's follows, which do not invalidate boards.
    if (query.followingOnly) return this.loadBoard(courseId, viewerId, query);
    // The viewer is part of the key: my_ranking and the time zone of the period boundaries are theirs.
    const key = this.cache.key('board', courseId, viewerId ?? '-', JSON.stringify(query));
    return this.cache.getOrLoadScoped([CacheScopes.courseBoard(courseId)], key, BOARD_CACHE_SECONDS, () =>
      this.loadBoard(courseId, viewerId, query),
    );
  }

  private async loadBoard(
    courseId: string,
    viewerId: string | null,
    query: BoardQuery,
  ): Promise<CourseBoard> {
    if (query.followingOnly && !viewerId) {
      throw new DomainError('AUTH_REQUIRED', 'Sign in to see the runners you follow');
    }
    const [viewer] = viewerId
      ? ((await this.dataSource.query(`SELECT time_zone FROM users WHERE id = $1`, [viewerId])) as Array<{
          time_zone: string;
        }>)
      : [];
    const timeZone = viewer?.time_zone ?? DEFAULT_TIME_ZONE;
    const metric = query.sort === 'pace' ? 'pace' : 'duration_seconds';
    const since =
      query.period === 'all_time'
        ? 'NULLIF($3::text, $3::text)::timestamptz'
        : `(date_trunc('${query.period}', now() AT TIME ZONE $3) AT TIME ZONE $3)`;
    const allTimeByTime =
      query.period === 'all_time' && query.sort === 'time' && !query.followingOnly && !query.country;
    // The default board (all time, by time, everyone) is the order the pipeline keeps in `rankings`
    // (one row per runner: best duration, then earlier achievement), so it is read from there
    // instead of re-deriving every runner's best from all their runs. Parameters $2–$5 only filter
    // the general board; they are referenced so both share one parameter list.
    const rankedBoard = `
      WITH board AS (
        SELECT k.user_id, k.best_duration_seconds, k.best_pace_seconds_per_km, k.run_count, k.achieved_at,
               row_number() OVER (ORDER BY k.best_duration_seconds, k.achieved_at, k.user_id)::int AS rank,
               count(*) OVER ()::int AS total
          FROM rankings k JOIN users u ON u.id = k.user_id
         WHERE k.course_id = $1 AND NOT u.is_banned
           AND ($2::uuid IS NULL OR $3::text IS NULL OR $4::text IS NULL OR NOT $5::boolean)
      )`;
    const derivedBoard = `
      WITH eligible AS (
        SELECT r.user_id, r.id, r.duration_seconds, r.finished_at,
               COALESCE(r.avg_pace_seconds_per_km,
                        CASE WHEN r.distance_meters > 0 THEN floor(r.duration_seconds / (r.distance_meters / 1000.0))::int ELSE 0 END) AS pace
          FROM run_records r JOIN users u ON u.id = r.user_id
         WHERE r.course_id = $1 AND r.is_ranking_eligible AND NOT u.is_banned
           AND (${since} IS NULL OR r.finished_at >= ${since})
           AND ($4::text IS NULL OR u.country = $4)
           AND (NOT $5::boolean OR r.user_id = $2
                OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $2 AND f.following_id = r.user_id))
      ), best AS (
        SELECT DISTINCT ON (user_id) * FROM eligible ORDER BY user_id, ${metric}, finished_at, id
      ), counts AS (
        SELECT user_id, count(*)::int AS run_count FROM eligible GROUP BY user_id
      ), board AS (
        SELECT b.user_id, b.duration_seconds AS best_duration_seconds, b.pace AS best_pace_seconds_per_km,
               c.run_count, b.finished_at AS achieved_at,
               row_number() OVER (ORDER BY b.${metric}, b.finished_at, b.user_id)::int AS rank,
               count(*) OVER ()::int AS total
          FROM best b JOIN counts c USING (user_id)
      )`;
    const boardSql = `${allTimeByTime ? rankedBoard : derivedBoard}
      SELECT board.*, u.nickname, u.avatar_url, u.crew_name, u.country, u.total_distance_meters::float8,
             CASE WHEN $6::boolean AND k.previous_rank IS NOT NULL THEN k.previous_rank - k.rank END AS rank_change
        FROM board JOIN users u ON u.id = board.user_id
        LEFT JOIN rankings k ON k.course_id = $1 AND k.user_id = board.user_id`;
    const params = [courseId, viewerId, timeZone, query.country ?? null, query.followingOnly, allTimeByTime];
    const pageRows = (await this.dataSource.query(`${boardSql} ORDER BY rank LIMIT $7 OFFSET $8`, [
      ...params,
      query.perPage,
      query.page * query.perPage,
    ])) as BoardRow[];
    const [mine] = viewerId
      ? ((await this.dataSource.query(`${boardSql} WHERE board.user_id = $2`, params)) as BoardRow[])
      : [];
    let total = pageRows[0]?.total ?? mine?.total;
    if (total === undefined) {
      const [counted] = (await this.dataSource.query(`${boardSql} LIMIT 1`, params)) as BoardRow[];
      total = counted?.total ?? 0;
    }
    const myRanking: MyBoardRanking | null = mine
      ? {
          rank: mine.rank,
          best_duration_seconds: mine.best_duration_seconds,
          best_pace_seconds_per_km: mine.best_pace_seconds_per_km,
          percentile: percentile(mine.rank, mine.total),
          rank_change: mine.rank_change,
        }
      : null;
    return {
      data: pageRows.map((row) => toEntry(row)),
      my_ranking: myRanking,
      total_runners: total,
      has_next: (query.page + 1) * query.perPage < total,
    };
  }

  /** My position on a course's (all-time) board, from the cached ranks. */
  async myRanking(courseId: string, userId: string): Promise<MyCourseRanking> {
    await this.assertCourse(courseId);
    const [row] = (await this.dataSource.query(
      `SELECT k.rank, k.best_duration_seconds, k.best_pace_seconds_per_km, k.previous_rank, k.run_count,
              (SELECT count(*)::int FROM rankings WHERE course_id = $1) AS total
         FROM rankings k WHERE k.course_id = $1 AND k.user_id = $2`,
      [courseId, userId],
    )) as Array<{
      rank: number | null;
      best_duration_seconds: number;
      best_pace_seconds_per_km: number;
      previous_rank: number | null;
      run_count: number;
      total: number;
    }>;
    if (!row || row.rank === null) {
      const [count] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM rankings WHERE course_id = $1`,
        [courseId],
      )) as Array<{ n: number }>;
      return {
        rank: null,
        best_duration_seconds: null,
        best_pace_seconds_per_km: null,
        total_runners: count.n,
        percentile: null,
        rank_change: null,
        run_count: 0,
      };
    }
    return {
      rank: row.rank,
      best_duration_seconds: row.best_duration_seconds,
      best_pace_seconds_per_km: row.best_pace_seconds_per_km,
      total_runners: row.total,
      percentile: percentile(row.rank, row.total),
      rank_change: row.previous_rank === null ? null : row.previous_rank - row.rank,
      run_count: row.run_count,
    };
  }

  /** My fastest completed, unflagged run on the course, or null. */
  async myBest(courseId: string, userId: string): Promise<MyBest | null> {
    await this.assertCourse(courseId);
    const [row] = (await this.dataSource.query(
      `SELECT id, duration_seconds, avg_pace_seconds_per_km, finished_at FROM run_records
        WHERE course_id = $1 AND user_id = $2 AND course_completed AND NOT is_flagged
        ORDER BY duration_seconds, finished_at LIMIT 1`,
      [courseId, userId],
    )) as Array<{
      id: string;
      duration_seconds: number;
      avg_pace_seconds_per_km: number | null;
      finished_at: Date;
    }>;
    return row
      ? {
          id: row.id,
          duration_seconds: row.duration_seconds,
          avg_pace_seconds_per_km: row.avg_pace_seconds_per_km,
          finished_at: row.finished_at.toISOString(),
        }
      : null;
  }

  /** GET /rankings/me: my positions on every course board I am on, best first. */
  async myRankings(userId: string): Promise<{ data: MyRankingsItem[] }> {
    const rows = (await this.dataSource.query(
      `SELECT k.course_id, c.title, c.distance_meters, k.rank, k.best_duration_seconds, k.best_pace_seconds_per_km,
              k.run_count, k.achieved_at, k.previous_rank,
              (SELECT count(*)::int FROM rankings t WHERE t.course_id = k.course_id) AS total
         FROM rankings k JOIN courses c ON c.id = k.course_id
        WHERE k.user_id = $1 AND k.rank IS NOT NULL AND NOT c.is_hidden
        ORDER BY k.rank, k.achieved_at DESC`,
      [userId],
    )) as Array<{
      course_id: string;
      title: string;
      distance_meters: number;
      rank: number;
      best_duration_seconds: number;
      best_pace_seconds_per_km: number;
      run_count: number;
      achieved_at: Date;
      previous_rank: number | null;
      total: number;
    }>;
    return {
      data: rows.map((row) => ({
        course: { id: row.course_id, title: row.title, distance_meters: row.distance_meters },
        rank: row.rank,
        total_runners: row.total,
        percentile: percentile(row.rank, row.total),
        best_duration_seconds: row.best_duration_seconds,
        best_pace_seconds_per_km: row.best_pace_seconds_per_km,
        run_count: row.run_count,
        achieved_at: row.achieved_at.toISOString(),
        rank_change: row.previous_rank === null ? null : row.previous_rank - row.rank,
      })),
    };
  }

  /**
   * Rebuilds a course's leaderboard and stats from its runs (ranking-recalc queue: account
   * deletion, moderation, course changes). Idempotent.
   */
  async rebuildCourse(courseId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const [course] = (await manager.query(`SELECT id FROM courses WHERE id = $1`, [courseId])) as unknown[];
      if (!course) return;
      await this.aggregates.lockCourseBoard(manager, courseId);
      await this.aggregates.rebuildRankings(manager, courseId, null);
      await this.aggregates.recomputeCourseStats(manager, courseId);
    });
    await this.cache.invalidate(...courseRunScopes(courseId));
  }

  private async assertCourse(courseId: string): Promise<void> {
    const [course] = (await this.dataSource.query(`SELECT 1 FROM courses WHERE id = $1`, [
      courseId,
    ])) as unknown[];
    if (!course) throw notFound('Course');
  }
}

function toEntry(row: BoardRow): BoardEntry {
  return {
    rank: row.rank,
    user: {
      id: row.user_id,
      nickname: row.nickname,
      avatar_url: row.avatar_url,
      crew_name: row.crew_name,
      runner_level: runnerLevel(row.total_distance_meters),
      country: row.country,
    },
    best_duration_seconds: row.best_duration_seconds,
    best_pace_seconds_per_km: row.best_pace_seconds_per_km,
    run_count: row.run_count,
    achieved_at: row.achieved_at.toISOString(),
    percentile: percentile(row.rank, row.total),
    gps_verified: true,
    rank_change: row.rank_change,
  };
}
