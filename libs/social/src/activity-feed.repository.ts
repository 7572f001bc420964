import { listedCourseSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActivityFeedItem } from './social.types';

/** A feed position: strictly older than this (time as PostgreSQL text, exact to the µs; id breaks ties). */
export interface FeedCursor {
  at: string;
  id: string;
}

export type FeedRow = Omit<ActivityFeedItem, 'route_preview_segments'> & {
  cursor_at: string;
  item_id: string;
  /** the run's stored preview line, before the runner's privacy zones are cut out */
  route_preview: Array<[number, number]> | null;
};

/**
 * The friends' activity feed: runs finished and courses published by the people I follow, newest
 * first, keyset-paged. Left out: Strava-sourced runs (Strava's API agreement), runs flagged as
 * anomalous (pending review or confirmed: only their owner sees them), runs on a private or hidden
 * course, duplicate imports, private/hidden courses, and anyone blocked either way.
 */
@Injectable()
export class ActivityFeedRepository {
  async page(
    manager: EntityManager,
    userId: string,
    limit: number,
    before: FeedCursor | null,
  ): Promise<FeedRow[]> {
    const params: unknown[] = [userId, limit];
    let runCursor = '';
    let courseCursor = '';
    if (before) {
      params.push(before.at, before.id);
      runCursor = `AND (r.finished_at, r.id) < ($3::timestamptz, $4::uuid)`;
      courseCursor = `AND (c.created_at, c.id) < ($3::timestamptz, $4::uuid)`;
    }
    return manager.query(
      `WITH followed AS (
         SELECT f.following_id AS user_id FROM follows f
          WHERE f.follower_id = $1
            AND NOT EXISTS (SELECT 1 FROM user_blocks b
                             WHERE (b.blocker_id = $1 AND b.blocked_id = f.following_id)
                                OR (b.blocker_id = f.following_id AND b.blocked_id = $1))
       ),
       items AS (
         (SELECT 'run_completed' AS type, r.user_id, r.id AS item_id, r.finished_at AS at,
                 r.id AS run_id, r.distance_meters, r.duration_seconds, r.avg_pace_seconds_per_km,
                 rc.title AS course_title, rc.id AS course_id,
                 NULL::varchar AS course_title_created, NULL::int AS course_distance_meters,
                 r.route_preview
            FROM run_records r
            JOIN followed fw ON fw.user_id = r.user_id
            LEFT JOIN courses rc ON rc.id = r.course_id
           WHERE r.source <> 'strava'
             AND NOT r.is_flagged
             AND r.duplicate_of_run_id IS NULL
             AND (r.course_id IS NULL OR ${listedCourseSql('rc')})
             ${runCursor}
           ORDER BY r.finished_at DESC, r.id DESC
           LIMIT $2)
         UNION ALL
         (SELECT 'course_created', c.creator_id, c.id, c.created_at,
                 NULL::uuid, NULL::int, NULL::int, NULL::int,
                 NULL::varchar, c.id, c.title, c.distance_meters, NULL::jsonb
            FROM courses c
            JOIN followed fw ON fw.user_id = c.creator_id
           WHERE ${listedCourseSql('c')}
             ${courseCursor}
           ORDER BY c.created_at DESC, c.id DESC
           LIMIT $2)
       )
       SELECT i.type, i.user_id, u.nickname, u.avatar_url, i.run_id, i.distance_meters, i.duration_seconds,
              i.avg_pace_seconds_per_km, i.course_title, i.course_id, i.course_title_created,
              i.course_distance_meters, i.route_preview, i.at AS created_at, i.at::text AS cursor_at, i.item_id
         FROM items i JOIN users u ON u.id = i.user_id
        ORDER BY i.at DESC, i.item_id DESC
        LIMIT $2`,
      params,
    );
  }
}
