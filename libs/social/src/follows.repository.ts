import { activeBanSql } from '@runvs/identity';
import { listedCourseSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import { offsetOf, type PageRequest } from '@runvs/common';
import type { EntityManager } from 'typeorm';
import type { FollowItem, FriendRunning, UserByCode } from './social.types';

interface FollowRow {
  id: string;
  created_at: Date;
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
}

const toFollowItem = (row: FollowRow): FollowItem => ({
  id: row.id,
  user: { id: row.user_id, nickname: row.nickname, avatar_url: row.avatar_url },
  created_at: row.created_at,
});

/** SQL of the follow graph. */
@Injectable()
export class FollowsRepository {
  /** Inserts the follow; null when it already exists. */
  async insert(manager: EntityManager, followerId: string, followingId: string): Promise<FollowItem | null> {
    const [row] = (await manager.query(
      `WITH inserted AS (
         INSERT INTO follows (follower_id, following_id) VALUES ($1, $2)
         ON CONFLICT (follower_id, following_id) DO NOTHING
         RETURNING id, created_at, following_id)
       SELECT i.id, i.created_at, u.id AS user_id, u.nickname, u.avatar_url
         FROM inserted i JOIN users u ON u.id = i.following_id`,
      [followerId, followingId],
    )) as FollowRow[];
    return row ? toFollowItem(row) : null;
  }

  async delete(manager: EntityManager, followerId: string, followingId: string): Promise<boolean> {
    const [, affected] = (await manager.query(
      `DELETE FROM follows WHERE follower_id = $1 AND following_id = $2`,
      [followerId, followingId],
    )) as [unknown, number];
    return affected > 0;
  }

  /** The follows between two users, both ways. */
  async deleteBetween(manager: EntityManager, a: string, b: string): Promise<void> {
    await manager.query(
      `DELETE FROM follows WHERE (follower_id = $1 AND following_id = $2) OR (follower_id = $2 AND following_id = $1)`,
      [a, b],
    );
  }

  /** People following `userId` (`side = 'followers'`) or followed by them, newest first. */
  async list(
    manager: EntityManager,
    userId: string,
    side: 'followers' | 'following',
    page: PageRequest,
  ): Promise<{ rows: FollowItem[]; total: number }> {
    const [mine, other] =
      side === 'followers' ? ['following_id', 'follower_id'] : ['follower_id', 'following_id'];
    const [rows, [count]] = await Promise.all([
      manager.query(
        `SELECT f.id, f.created_at, u.id AS user_id, u.nickname, u.avatar_url
           FROM follows f JOIN users u ON u.id = f.${other}
          WHERE f.${mine} = $1
          ORDER BY f.created_at DESC, f.id DESC
          LIMIT $2 OFFSET $3`,
        [userId, page.perPage, offsetOf(page)],
      ) as Promise<FollowRow[]>,
      manager.query(`SELECT count(*)::int AS total FROM follows WHERE ${mine} = $1`, [userId]) as Promise<
        Array<{ total: number }>
      >,
    ]);
    return { rows: rows.map(toFollowItem), total: count.total };
  }

  async findByCode(manager: EntityManager, userCode: string, viewerId: string): Promise<UserByCode | null> {
    const [row] = (await manager.query(
      `SELECT u.id, u.user_code, u.nickname, u.avatar_url, u.bio,
              u.total_distance_meters::float8 AS total_distance_meters, u.total_runs,
              EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = $2 AND f.following_id = u.id) AS is_following
         FROM users u
        WHERE u.user_code = upper($1) AND u.id <> $2 AND NOT ${activeBanSql('u')}`,
      [userCode.trim(), viewerId],
    )) as UserByCode[];
    return row ?? null;
  }

  /**
   * Followed users running now: a session that is active, started within 3 hours and uploaded a
   * chunk in the last 10 minutes; the latest such session per user.
   */
  async friendsRunning(manager: EntityManager, userId: string): Promise<FriendRunning[]> {
    return manager.query(
      `SELECT DISTINCT ON (s.user_id)
              s.user_id, u.nickname, u.avatar_url, s.id AS session_id, s.started_at,
              c.id AS course_id, c.title AS course_title
         FROM follows f
         JOIN run_sessions s ON s.user_id = f.following_id
         JOIN users u ON u.id = s.user_id
         LEFT JOIN courses c ON c.id = s.course_id AND ${listedCourseSql('c')}
        WHERE f.follower_id = $1
          AND s.status = 'active'
          AND s.started_at > now() - interval '3 hours'
          AND (s.last_chunk_at > now() - interval '10 minutes'
               OR EXISTS (SELECT 1 FROM run_chunks k
                           WHERE k.session_id = s.id AND k.created_at > now() - interval '10 minutes'))
        ORDER BY s.user_id, s.started_at DESC`,
      [userId],
    );
  }
}
