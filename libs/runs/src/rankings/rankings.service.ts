import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { DomainError, notFound } from '@runvs/common';
import { CourseStatsService, isCourseListed } from '@runvs/courses';
import { inTransaction } from '@runvs/database';
import { DEFAULT_TIME_ZONE, runnerLevel } from '@runvs/geo';
import { DataSource } from 'typeorm';
import { type BoardRow, RankingsRepository } from './rankings.repository';
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

/**
 * Leaderboards. Boards are built from the ranking-eligible runs themselves, so any period, the
 * pace order or a following-only view is exact; the all-time time board is the same order as the
 * cached `rankings` rows (lower duration, then earlier achievement), which supply `rank_change`.
 */
@Injectable()
export class RankingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RankingsRepository,
    private readonly courseStats: CourseStatsService,
    private readonly cache: CacheService,
  ) {}

  async board(courseId: string, viewerId: string | null, query: BoardQuery): Promise<CourseBoard> {
    await this.assertCourse(courseId, viewerId);
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
    const timeZone = (viewerId ? await this.repository.timeZoneOf(viewerId) : null) ?? DEFAULT_TIME_ZONE;
    const { page: pageRows, mine, total } = await this.repository.board(courseId, viewerId, timeZone, query);
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
    await this.assertCourse(courseId, userId);
    const row = await this.repository.myRanking(courseId, userId);
    if (!row || row.rank === null) {
      const total = await this.repository.boardSize(courseId);
      return {
        rank: null,
        best_duration_seconds: null,
        best_pace_seconds_per_km: null,
        total_runners: total,
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
    await this.assertCourse(courseId, userId);
    const row = await this.repository.myBest(courseId, userId);
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
    const rows = await this.repository.myRankings(userId);
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
      if (!(await this.repository.courseExists(courseId, manager))) return;
      await this.repository.lockCourseBoard(manager, courseId);
      await this.repository.rebuildRankings(manager, courseId, null);
      await this.courseStats.recountRunFigures(manager, courseId);
    });
    await this.cache.invalidate(...courseRunScopes(courseId));
  }

  /** 404 unless the course exists and the viewer may see it (private/hidden: creator and admins only). */
  /**
   * A listed course is visible to everyone: that fact is cached under the course's scope (bumped by
   * every write of its visibility and by its deletion), so a board read costs no query. Anything
   * else is asked of the database with the viewer.
   */
  private async assertCourse(courseId: string, viewerId: string | null): Promise<void> {
    const facts = await this.cache.getOrLoadScoped(
      [CacheScopes.course(courseId)],
      this.cache.key('course-visibility', courseId),
      BOARD_CACHE_SECONDS,
      () => this.repository.visibilityFacts(courseId),
    );
    if (facts && isCourseListed(facts)) return;
    if (!facts || !(await this.repository.courseVisible(courseId, viewerId))) throw notFound('Course');
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
    gps_verified: row.gps_verified,
    rank_change: row.rank_change,
  };
}
