import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService } from '@runvs/cache';
import { notFound, type Page, toPage } from '@runvs/common';
import { CourseRemovalService, CourseStatsService } from '@runvs/courses';
import { type Box, HeatmapService } from '@runvs/heatmap';
import { OutboxService, QueueName } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import type { AdminCourseItem, AdminCourseQuery } from './admin.types';

type Bounds = Box | null;

type CourseRow = Omit<AdminCourseItem, 'hidden_at' | 'created_at'> & {
  hidden_at: Date | null;
  created_at: Date;
};

/**
 * Moderation of content other domains own: hiding and deleting courses, deleting reviews,
 * recomputing a course's leaderboard (a `ranking-recalc` job through the outbox). Writes the same
 * tables the courses and social domains do, keeping their counters and the heatmap right.
 */
@Injectable()
export class AdminContentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly heatmap: HeatmapService,
    private readonly courseStats: CourseStatsService,
    private readonly cache: CacheService,
    private readonly courseRemoval: CourseRemovalService,
  ) {}

  async courses(query: AdminCourseQuery): Promise<Page<AdminCourseItem>> {
    const params: unknown[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (query.q)
      where.push(
        `lower(c.title) LIKE ${add(`%${query.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`)}`,
      );
    if (query.hidden !== undefined) where.push(`c.is_hidden = ${add(query.hidden)}`);
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM courses c ${filter}`,
      params,
    )) as Array<{
      total: number;
    }>;
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.title, c.creator_id, u.nickname AS creator_nickname, c.distance_meters, c.is_public, c.is_hidden,
              c.hidden_reason, c.hidden_at,
              (SELECT count(*)::int FROM reports r WHERE r.target_type = 'course' AND r.target_id = c.id AND r.status = 'open')
                AS open_reports,
              c.created_at
         FROM courses c LEFT JOIN users u ON u.id = c.creator_id
         ${filter}
        ORDER BY c.created_at DESC, c.id
        LIMIT ${add(query.perPage)} OFFSET ${add(query.page * query.perPage)}`,
      params,
    )) as CourseRow[];
    return toPage(
      rows.map((row) => ({
        ...row,
        hidden_at: row.hidden_at?.toISOString() ?? null,
        created_at: row.created_at.toISOString(),
      })),
      total,
      query,
    );
  }

  /**
   * Hides (or shows again) a course: it leaves lists, maps and search; its runs leave (or rejoin)
   * the public heatmap. The creator still sees it.
   */
  async setCourseHidden(courseId: string, hidden: boolean, reason: string | null): Promise<AdminCourseItem> {
    const bounds = await this.outbox.transaction(async (manager) => {
      await this.lockCourse(manager, courseId);
      await manager.query(
        `UPDATE courses SET is_hidden = $2, hidden_reason = $3, hidden_at = CASE WHEN $2 THEN now() ELSE NULL END
          WHERE id = $1`,
        [courseId, hidden, hidden ? reason : null],
      );
      return this.rerecordRuns(manager, courseId);
    });
    await this.heatmap.invalidate(bounds);
    await this.cache.invalidate(CacheScopes.course(courseId), CacheScopes.courseList);
    const page = await this.courseItem(courseId);
    return page;
  }

  /**
   * Deletes a course like its creator would: runs and sessions on it are detached and kept; its
   * leaderboard, stats, reviews, likes and favorites go, events bound to it are cancelled or
   * frozen; reports about it are resolved. The
   * thumbnail file is removed after the commit.
   */
  async deleteCourse(adminId: string, courseId: string): Promise<void> {
    await this.courseRemoval.deleteCourse({
      courseId,
      actorId: null,
      lock: (manager) => this.lockCourse(manager, courseId),
      alsoInTransaction: async (manager) => {
        await manager.query(
          `UPDATE reports SET status = 'resolved', resolved_by_id = $2, resolved_at = now(),
                  resolution_note = COALESCE(resolution_note, 'course deleted')
            WHERE target_type = 'course' AND target_id = $1 AND status = 'open'`,
          [courseId, adminId],
        );
      },
    });
  }

  /** Deletes a review and recounts its course's social counters; reports about it are resolved. */
  async deleteReview(adminId: string, reviewId: string): Promise<void> {
    const courseId = await this.outbox.transaction(async (manager) => {
      const [deleted] = (await manager.query(`DELETE FROM reviews WHERE id = $1 RETURNING course_id`, [
        reviewId,
      ])) as [Array<{ course_id: string }>, number];
      if (deleted.length === 0) throw notFound('Review');
      await this.courseStats.recountSocialCounters(manager, [deleted[0].course_id]);
      await manager.query(
        `UPDATE reports SET status = 'resolved', resolved_by_id = $2, resolved_at = now(),
                resolution_note = COALESCE(resolution_note, 'review deleted')
          WHERE target_type = 'review' AND target_id = $1 AND status = 'open'`,
        [reviewId, adminId],
      );
      return deleted[0].course_id;
    });
    await this.cache.invalidate(CacheScopes.course(courseId));
  }

  /** Queues a rebuild of the course's leaderboard (the ranking-recalc worker does it). */
  async recomputeLeaderboard(courseId: string): Promise<{ course_id: string; queued: true }> {
    await this.outbox.transaction(async (manager, enqueue) => {
      const rows = (await manager.query(`SELECT 1 FROM courses WHERE id = $1`, [courseId])) as unknown[];
      if (rows.length === 0) throw notFound('Course');
      await enqueue(QueueName.RankingRecalc, { courseId, reason: 'admin-recompute' });
    });
    return { course_id: courseId, queued: true };
  }

  private async courseItem(courseId: string): Promise<AdminCourseItem> {
    const [row] = (await this.dataSource.query(
      `SELECT c.id, c.title, c.creator_id, u.nickname AS creator_nickname, c.distance_meters, c.is_public, c.is_hidden,
              c.hidden_reason, c.hidden_at,
              (SELECT count(*)::int FROM reports r WHERE r.target_type = 'course' AND r.target_id = c.id AND r.status = 'open')
                AS open_reports,
              c.created_at
         FROM courses c LEFT JOIN users u ON u.id = c.creator_id WHERE c.id = $1`,
      [courseId],
    )) as CourseRow[];
    if (!row) throw notFound('Course');
    return {
      ...row,
      hidden_at: row.hidden_at?.toISOString() ?? null,
      created_at: row.created_at.toISOString(),
    };
  }

  private async lockCourse(
    manager: EntityManager,
    courseId: string,
  ): Promise<{ id: string; is_public: boolean; is_hidden: boolean; thumbnail_url: string | null }> {
    const [row] = (await manager.query(
      `SELECT id, is_public, is_hidden, thumbnail_url FROM courses WHERE id = $1 FOR UPDATE`,
      [courseId],
    )) as Array<{ id: string; is_public: boolean; is_hidden: boolean; thumbnail_url: string | null }>;
    if (!row) throw notFound('Course');
    return row;
  }

  /** Re-samples the course's runs into the heatmap (its visibility decides whether they show). */
  private async rerecordRuns(manager: EntityManager, courseId: string): Promise<Bounds> {
    const runs = (await manager.query(`SELECT id FROM run_records WHERE course_id = $1`, [
      courseId,
    ])) as Array<{ id: string }>;
    return this.heatmap.recordRuns(
      manager,
      runs.map((run) => run.id),
    );
  }
}
