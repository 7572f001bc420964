import { Injectable } from '@nestjs/common';
import { notFound } from '@runvs/common';
import { courseVisibleSql } from '@runvs/courses';
import type { EntityManager } from 'typeorm';

export interface SocialCourse {
  id: string;
  title: string;
  creatorId: string;
}

/**
 * The course side of likes, favorites and reviews: which courses a user may act on (the rule of
 * the courses domain: public and not hidden, or their own). The social counters in course_stats
 * are recounted — not incremented — by CourseStatsService under its row lock, so they cannot drift.
 */
@Injectable()
export class CourseAccessRepository {
  /** The course if `viewerId` may see it; 404 NOT_FOUND otherwise (never a silent false). */
  async visibleCourse(
    manager: EntityManager,
    courseId: string,
    viewerId: string | null,
  ): Promise<SocialCourse> {
    const [row] = (await manager.query(
      `SELECT c.id, c.title, c.creator_id FROM courses c WHERE c.id = $1 AND ${courseVisibleSql('c', '$2')}`,
      [courseId, viewerId],
    )) as Array<{ id: string; title: string; creator_id: string }>;
    if (!row) throw notFound('Course');
    return { id: row.id, title: row.title, creatorId: row.creator_id };
  }

  async nicknameOf(manager: EntityManager, userId: string): Promise<string | null> {
    const [row] = (await manager.query(`SELECT nickname FROM users WHERE id = $1`, [userId])) as Array<{
      nickname: string | null;
    }>;
    return row?.nickname ?? null;
  }
}
