import { listedCourseSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { activeBanSql } from '../auth/ban.rules';

/** A users row as the profile endpoints read it (dates as text, bigints as numbers). */
export interface UserRow {
  id: string;
  user_code: string;
  email: string | null;
  nickname: string | null;
  avatar_url: string | null;
  birthday: string | null;
  gender: 'male' | 'female' | 'other' | null;
  height_cm: number | null;
  weight_kg: number | null;
  bio: string | null;
  instagram_username: string | null;
  activity_region: string | null;
  country: string | null;
  crew_name: string | null;
  time_zone: string;
  weekly_goal_km: number;
  total_distance_meters: number;
  total_runs: number;
  total_points: number;
  created_at: Date;
}

const USER_COLUMNS = `id, user_code, email, nickname, avatar_url, to_char(birthday, 'YYYY-MM-DD') AS birthday,
  gender, height_cm, weight_kg, bio, instagram_username, activity_region, country, crew_name, time_zone,
  weekly_goal_km, total_distance_meters::float8 AS total_distance_meters, total_runs, total_points, created_at`;

/** Columns a profile write may set, by API field name. */
export const PROFILE_COLUMNS = {
  nickname: 'nickname',
  avatar_url: 'avatar_url',
  birthday: 'birthday',
  gender: 'gender',
  height_cm: 'height_cm',
  weight_kg: 'weight_kg',
  bio: 'bio',
  instagram_username: 'instagram_username',
  activity_region: 'activity_region',
  country: 'country',
  crew_name: 'crew_name',
  time_zone: 'time_zone',
} as const;

export type ProfileField = keyof typeof PROFILE_COLUMNS;

export interface UserSearchRow {
  id: string;
  nickname: string;
  avatar_url: string | null;
  crew_name: string | null;
  activity_region: string | null;
}

export interface PublicCourseRow {
  id: string;
  title: string;
  distance_meters: number;
  thumbnail_url: string | null;
  route_preview: unknown;
  route_geojson: { coordinates?: number[][] } | null;
  total_runs: number;
  like_count: number;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserRow | null> {
    const [row] = (await manager.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])) as UserRow[];
    return row ?? null;
  }

  /** The stored time zone (null: no such user). */
  async timeZone(manager: EntityManager, id: string): Promise<string | null> {
    const [row] = (await manager.query(`SELECT time_zone FROM users WHERE id = $1`, [id])) as Array<{
      time_zone: string;
    }>;
    return row?.time_zone ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM users WHERE id = $1`, [id])) as unknown[];
    return rows.length > 0;
  }

  /** Sets the given columns (already validated) and returns the updated row. */
  async update(
    manager: EntityManager,
    id: string,
    values: Partial<Record<ProfileField, unknown>>,
  ): Promise<UserRow | null> {
    const fields = (Object.keys(values) as ProfileField[]).filter((field) => field in PROFILE_COLUMNS);
    if (fields.length > 0) {
      const assignments = fields.map((field, index) => `${PROFILE_COLUMNS[field]} = $${index + 2}`);
      await manager.query(`UPDATE users SET ${assignments.join(', ')} WHERE id = $1`, [
        id,
        ...fields.map((field) => values[field]),
      ]);
    }
    return this.findById(id, manager);
  }

  async followCounts(userId: string): Promise<{ followers_count: number; following_count: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM follows WHERE following_id = $1)::int AS followers_count,
              (SELECT count(*) FROM follows WHERE follower_id = $1)::int AS following_count`,
      [userId],
    )) as Array<{ followers_count: number; following_count: number }>;
    return row;
  }

  async isFollowing(followerId: string, followingId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM follows WHERE follower_id = $1 AND following_id = $2`,
      [followerId, followingId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Likes on the user's courses: all of them, or only those anyone may see. */
  async likesReceived(userId: string, publicOnly: boolean): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM course_likes l JOIN courses c ON c.id = l.course_id
        WHERE c.creator_id = $1 AND (NOT $2 OR ${listedCourseSql('c')})`,
      [userId, publicOnly],
    )) as Array<{ n: number }>;
    return row.n;
  }

  /** The user's courses: all of them, or only those anyone may see (public, not hidden). */
  async coursesCount(userId: string, publicOnly: boolean): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM courses c
        WHERE c.creator_id = $1 AND (NOT $2 OR ${listedCourseSql('c')})`,
      [userId, publicOnly],
    )) as Array<{ n: number }>;
    return row.n;
  }

  /** The newest visible public courses of a user; the line only when no preview is stored. */
  async publicCourses(userId: string, limit: number): Promise<PublicCourseRow[]> {
    return (await this.dataSource.query(
      `SELECT c.id, c.title, c.distance_meters, c.thumbnail_url, c.route_preview,
              CASE WHEN c.route_preview IS NULL THEN ST_AsGeoJSON(c.route_geometry)::json END AS route_geojson,
              COALESCE(cs.total_runs, 0) AS total_runs,
              (SELECT count(*) FROM course_likes l WHERE l.course_id = c.id)::int AS like_count
         FROM courses c LEFT JOIN course_stats cs ON cs.course_id = c.id
        WHERE c.creator_id = $1 AND ${listedCourseSql('c')}
        ORDER BY c.created_at DESC, c.id
        LIMIT $2`,
      [userId, limit],
    )) as PublicCourseRow[];
  }

  /**
   * Users whose nickname contains `query` (case-insensitive; the trigram index serves it): exact
   * matches first, then prefixes, then the rest, alphabetically. Banned accounts are left out.
   */
  async searchByNickname(
    query: string,
    limit: number,
    offset: number,
  ): Promise<{ rows: UserSearchRow[]; total: number }> {
    const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = `nickname IS NOT NULL AND NOT ${activeBanSql('users')} AND lower(nickname) LIKE $1`;
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, nickname, avatar_url, crew_name, activity_region FROM users
          WHERE ${where}
          ORDER BY CASE WHEN lower(nickname) = lower($2) THEN 0 WHEN lower(nickname) LIKE $3 THEN 1 ELSE 2 END,
                   lower(nickname), id
          LIMIT $4 OFFSET $5`,
        [pattern, query, pattern.slice(1), limit, offset],
      ) as Promise<UserSearchRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE ${where}`, [pattern]) as Promise<
        Array<{ n: number }>
      >,
    ]);
    return { rows, total: count.n };
  }

  async setWeeklyGoal(userId: string, goalKm: number): Promise<number | null> {
    const [row] = (await this.dataSource.query(
      `UPDATE users SET weekly_goal_km = $2 WHERE id = $1 RETURNING weekly_goal_km`,
      [userId, goalKm],
    )) as [Array<{ weekly_goal_km: number }>, number];
    return row[0]?.weekly_goal_km ?? null;
  }

  /** The user's best cached leaderboard positions on visible courses. */
  async topRankings(
    userId: string,
    limit: number,
  ): Promise<
    Array<{ course_id: string; course_title: string; rank: number; best_duration_seconds: number }>
  > {
    return (await this.dataSource.query(
      `SELECT r.course_id, c.title AS course_title,
              ranking_position(r.course_id, r.best_duration_seconds, r.achieved_at, r.user_id) AS rank,
              r.best_duration_seconds
         FROM rankings r JOIN courses c ON c.id = r.course_id
        WHERE r.user_id = $1 AND ${listedCourseSql('c')}
        ORDER BY rank, r.achieved_at, r.course_id
        LIMIT $2`,
      [userId, limit],
    )) as Array<{ course_id: string; course_title: string; rank: number; best_duration_seconds: number }>;
  }
}
