import { Injectable } from '@nestjs/common';
import { offsetOf, type PageRequest } from '@runvs/common';
import type { EntityManager } from 'typeorm';
import type { ReviewResponse } from './social.types';

interface ReviewRow {
  id: string;
  course_id: string;
  user_id: string;
  rating: number | null;
  content: string | null;
  nickname: string | null;
  avatar_url: string | null;
  created_at: Date;
  updated_at: Date;
  creator_reply: string | null;
  creator_reply_at: Date | null;
}

export interface ReviewRecord {
  id: string;
  courseId: string;
  userId: string;
  rating: number | null;
  content: string | null;
}

const SELECT_REVIEW = `
  SELECT r.id, r.course_id, r.user_id, r.rating, r.content, u.nickname, u.avatar_url,
         r.created_at, r.updated_at, r.creator_reply, r.creator_reply_at
    FROM reviews r JOIN users u ON u.id = r.user_id`;

const toResponse = (row: ReviewRow): ReviewResponse => ({
  id: row.id,
  course_id: row.course_id,
  rating: row.rating,
  content: row.content,
  author: { id: row.user_id, nickname: row.nickname, avatar_url: row.avatar_url },
  created_at: row.created_at,
  updated_at: row.updated_at,
  creator_reply: row.creator_reply,
  creator_reply_at: row.creator_reply_at,
});

/** SQL of course reviews. */
@Injectable()
export class ReviewsRepository {
  /** Inserts the review; null when the user already reviewed the course. */
  async insert(
    manager: EntityManager,
    courseId: string,
    userId: string,
    rating: number | null,
    content: string | null,
  ): Promise<string | null> {
    const [row] = (await manager.query(
      `INSERT INTO reviews (course_id, user_id, rating, content) VALUES ($1, $2, $3, $4)
       ON CONFLICT (course_id, user_id) DO NOTHING RETURNING id`,
      [courseId, userId, rating, content],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  async findOne(manager: EntityManager, reviewId: string, lock = false): Promise<ReviewRecord | null> {
    const [row] = (await manager.query(
      `SELECT id, course_id, user_id, rating, content FROM reviews WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [reviewId],
    )) as Array<{
      id: string;
      course_id: string;
      user_id: string;
      rating: number | null;
      content: string | null;
    }>;
    return row
      ? { id: row.id, courseId: row.course_id, userId: row.user_id, rating: row.rating, content: row.content }
      : null;
  }

  async response(manager: EntityManager, reviewId: string): Promise<ReviewResponse> {
    const [row] = (await manager.query(`${SELECT_REVIEW} WHERE r.id = $1`, [reviewId])) as ReviewRow[];
    return toResponse(row);
  }

  async mine(manager: EntityManager, courseId: string, userId: string): Promise<ReviewResponse | null> {
    const [row] = (await manager.query(`${SELECT_REVIEW} WHERE r.course_id = $1 AND r.user_id = $2`, [
      courseId,
      userId,
    ])) as ReviewRow[];
    return row ? toResponse(row) : null;
  }

  async update(
    manager: EntityManager,
    reviewId: string,
    rating: number | null,
    content: string | null,
  ): Promise<void> {
    await manager.query(`UPDATE reviews SET rating = $2, content = $3, updated_at = now() WHERE id = $1`, [
      reviewId,
      rating,
      content,
    ]);
  }

  async delete(manager: EntityManager, reviewId: string): Promise<void> {
    await manager.query(`DELETE FROM reviews WHERE id = $1`, [reviewId]);
  }

  async reply(manager: EntityManager, reviewId: string, content: string): Promise<void> {
    await manager.query(
      `UPDATE reviews SET creator_reply = $2, creator_reply_at = now(), updated_at = now() WHERE id = $1`,
      [reviewId, content],
    );
  }

  /**
   * A page of a course's reviews as `viewerId` sees them: reviews by runners the viewer blocked
   * are left out (and not counted); the average rating stays the course's own.
   */
  async page(
    manager: EntityManager,
    courseId: string,
    page: PageRequest,
    viewerId: string | null,
  ): Promise<{ rows: ReviewResponse[]; total: number; avgRating: number | null }> {
    const notBlocked = `NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = $2 AND b.blocked_id = r.user_id)`;
    const [rows, [summary]] = await Promise.all([
      manager.query(
        `${SELECT_REVIEW} WHERE r.course_id = $1 AND ${notBlocked}
          ORDER BY r.created_at DESC, r.id DESC LIMIT $3 OFFSET $4`,
        [courseId, viewerId, page.perPage, offsetOf(page)],
      ) as Promise<ReviewRow[]>,
      manager.query(
        `SELECT (count(*) FILTER (WHERE ${notBlocked}))::int AS total,
                round(avg(rating)::numeric, 1)::float8 AS avg_rating
           FROM reviews r WHERE r.course_id = $1`,
        [courseId, viewerId],
      ) as Promise<Array<{ total: number; avg_rating: number | null }>>,
    ]);
    return { rows: rows.map(toResponse), total: summary.total, avgRating: summary.avg_rating };
  }
}
