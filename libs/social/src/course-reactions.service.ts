import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService } from '@runvs/cache';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { CourseStatsService, courseVisibleSql } from '@runvs/courses';
import { CourseAccessRepository } from './course-access.repository';
import { courseLikeIntent } from './social-messages';
import type { FavoriteCourse, FavoriteState, LikeState } from './social.types';

type Reaction = 'course_likes' | 'course_favorites';

/**
 * Likes and favorites of courses: toggles answering the state after the toggle and the count,
 * status, my favorites. Unknown (or invisible) courses are 404. A like notifies the creator —
 * once per 5 minutes per liker, so like → unlike → like does not spam.
 */
@Injectable()
export class CourseReactionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly courses: CourseAccessRepository,
    private readonly courseStats: CourseStatsService,
    private readonly notifications: NotificationsService,
    private readonly cache: CacheService,
  ) {}

  async toggleLike(userId: string, courseId: string): Promise<LikeState> {
    const state = await this.outbox.transaction(async (manager, enqueue) => {
      const course = await this.courses.visibleCourse(manager, courseId, userId);
      const isLiked = await this.toggle(manager, 'course_likes', course.id, userId);
      if (isLiked) {
        const nickname = await this.courses.nicknameOf(manager, userId);
        await this.notifications.notify(manager, courseLikeIntent(course, { id: userId, nickname }), enqueue);
      }
      return { is_liked: isLiked, like_count: await this.count(manager, 'course_likes', course.id) };
    });
    // The course page shows the like count.
    await this.cache.invalidate(CacheScopes.course(courseId));
    return state;
  }

  async likeStatus(userId: string, courseId: string): Promise<LikeState> {
    const manager = this.dataSource.manager;
    const course = await this.courses.visibleCourse(manager, courseId, userId);
    const [isLiked, likeCount] = await Promise.all([
      this.has(manager, 'course_likes', course.id, userId),
      this.count(manager, 'course_likes', course.id),
    ]);
    return { is_liked: isLiked, like_count: likeCount };
  }

  async toggleFavorite(userId: string, courseId: string): Promise<FavoriteState> {
    return this.dataSource.transaction(async (manager) => {
      const course = await this.courses.visibleCourse(manager, courseId, userId);
      const isFavorited = await this.toggle(manager, 'course_favorites', course.id, userId);
      return {
        is_favorited: isFavorited,
        favorite_count: await this.count(manager, 'course_favorites', course.id),
      };
    });
  }

  async favoriteStatus(userId: string, courseId: string): Promise<FavoriteState> {
    const manager = this.dataSource.manager;
    const course = await this.courses.visibleCourse(manager, courseId, userId);
    const [isFavorited, favoriteCount] = await Promise.all([
      this.has(manager, 'course_favorites', course.id, userId),
      this.count(manager, 'course_favorites', course.id),
    ]);
    return { is_favorited: isFavorited, favorite_count: favoriteCount };
  }

  /** My favorite courses still visible to me, most recently favorited first. */
  favorites(userId: string): Promise<FavoriteCourse[]> {
    return this.dataSource.query(
      `SELECT c.id, c.title, c.thumbnail_url, c.route_preview, c.distance_meters::float8 AS distance_meters,
              coalesce(c.estimated_duration_seconds, 0) AS estimated_duration_seconds,
              coalesce(u.nickname, 'Unknown') AS creator_nickname, f.created_at AS favorited_at
         FROM course_favorites f
         JOIN courses c ON c.id = f.course_id
         LEFT JOIN users u ON u.id = c.creator_id
        WHERE f.user_id = $1 AND ${courseVisibleSql('c', '$1')}
        ORDER BY f.created_at DESC, c.id DESC`,
      [userId],
    );
  }

  /** Adds or removes the caller's row under the course's counter lock; returns the new state. */
  private async toggle(
    manager: EntityManager,
    table: Reaction,
    courseId: string,
    userId: string,
  ): Promise<boolean> {
    await this.courseStats.lock(manager, courseId);
    const [, removed] = (await manager.query(`DELETE FROM ${table} WHERE course_id = $1 AND user_id = $2`, [
      courseId,
      userId,
    ])) as [unknown, number];
    if (removed === 0) {
      await manager.query(`INSERT INTO ${table} (course_id, user_id) VALUES ($1, $2)`, [courseId, userId]);
    }
    await this.courseStats.recountSocialCounters(manager, [courseId]);
    return removed === 0;
  }

  private async has(
    manager: EntityManager,
    table: Reaction,
    courseId: string,
    userId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM ${table} WHERE course_id = $1 AND user_id = $2`,
      [courseId, userId],
    );
    return rows.length > 0;
  }

  private async count(manager: EntityManager, table: Reaction, courseId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS count FROM ${table} WHERE course_id = $1`, [
      courseId,
    ])) as Array<{ count: number }>;
    return row.count;
  }
}
