import { Injectable } from '@nestjs/common';
import { notFound } from '@runvs/common';
import type { EntityManager } from 'typeorm';

export interface SocialCourse {
  id: string;
  title: string;
  creatorId: string;
}

/**
 * The course side of likes, favorites and reviews: which courses a user may act on (the rule of
 * the courses domain: public and not hidden, or their own), and the social counters kept in
 * course_stats, which are recounted — not incremented — under a row lock so they cannot drift.
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
      `SELECT id, title, creator_id FROM courses
        WHERE id = $1 AND ((is_public AND NOT is_hidden) OR creator_id = $2)`,
      [courseId, viewerId],
    )) as Array<{ id: string; title: string; creator_id: string }>;
    if (!row) throw notFound('Course');
    return { id: row.id, title: row.title, creatorId: row.creator_id };
  }

  /**
   * Locks the course's counters row (creating it if needed) for the rest of the transaction:
   * social writes on one course are serialised, so each recount sees the others' commits.
   */
  async lockCounters(manager: EntityManager, courseId: string): Promise<void> {
    await manager.query(
      `INSERT INTO course_stats (course_id) VALUES ($1) ON CONFLICT (course_id) DO NOTHING`,
      [courseId],
    );
    await manager.query(`SELECT 1 FROM course_stats WHERE course_id = $1 FOR UPDATE`, [courseId]);
  }

  /** Recounts likes, favorites, reviews, ratings and the average rating (1 decimal) of a course. */
  async refreshCounters(manager: EntityManager, courseId: string): Promise<void> {
    await manager.query(
      `UPDATE course_stats cs SET
          like_count = (SELECT count(*) FROM course_likes l WHERE l.course_id = cs.course_id),
          favorite_count = (SELECT count(*) FROM course_favorites f WHERE f.course_id = cs.course_id),
          review_count = (SELECT count(*) FROM reviews r WHERE r.course_id = cs.course_id),
          rating_count = (SELECT count(r.rating) FROM reviews r WHERE r.course_id = cs.course_id),
          avg_rating = (SELECT round(avg(r.rating)::numeric, 1) FROM reviews r WHERE r.course_id = cs.course_id),
          updated_at = now()
        WHERE cs.course_id = $1`,
      [courseId],
    );
  }

  async nicknameOf(manager: EntityManager, userId: string): Promise<string | null> {
    const [row] = (await manager.query(`SELECT nickname FROM users WHERE id = $1`, [userId])) as Array<{
      nickname: string | null;
    }>;
    return row?.nickname ?? null;
  }
}
