import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BoardEntry } from './board-notices.rules';

/** A board row with what a notice to its runner needs (their time zone, for the day). */
export interface NoticeCandidate extends BoardEntry {
  time_zone: string;
}

/** The bounded reads behind "who was passed": never the whole board. */
@Injectable()
export class BoardNoticesRepository {
  /** The first `limit` rows of a course board other than `userId`, in board order. */
  async leaders(
    manager: EntityManager,
    courseId: string,
    userId: string,
    limit: number,
  ): Promise<NoticeCandidate[]> {
    return (await manager.query(
      `SELECT r.user_id, r.best_duration_seconds, u.time_zone
         FROM rankings r JOIN users u ON u.id = r.user_id
        WHERE r.course_id = $1 AND r.user_id <> $2
        ORDER BY r.best_duration_seconds, r.achieved_at, r.user_id
        LIMIT $3`,
      [courseId, userId, limit],
    )) as NoticeCandidate[];
  }

  /**
   * The runner's friends (accepted friend requests, either way) whose best on the course lies
   * strictly between the new best and the old one, fastest first, at most `limit`.
   */
  async friendsPassed(
    manager: EntityManager,
    courseId: string,
    userId: string,
    between: { newBestSeconds: number; oldBestSeconds: number | null },
    limit: number,
  ): Promise<NoticeCandidate[]> {
    return (await manager.query(
      `SELECT r.user_id, r.best_duration_seconds, u.time_zone
         FROM friend_requests f
         JOIN rankings r ON r.course_id = $1
                        AND r.user_id = CASE WHEN f.requester_id = $2 THEN f.recipient_id ELSE f.requester_id END
         JOIN users u ON u.id = r.user_id
        WHERE f.status = 'accepted' AND (f.requester_id = $2 OR f.recipient_id = $2)
          AND r.best_duration_seconds > $3 AND ($4::numeric IS NULL OR r.best_duration_seconds < $4)
        ORDER BY r.best_duration_seconds, r.achieved_at
        LIMIT $5`,
      [courseId, userId, between.newBestSeconds, between.oldBestSeconds, limit],
    )) as NoticeCandidate[];
  }
}
