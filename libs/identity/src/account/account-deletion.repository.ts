import { Injectable } from '@nestjs/common';
import type { Box } from '@runvs/heatmap';
import type { EntityManager } from 'typeorm';

/** What an account's rows point at, read before they go. */
export interface DeletionFootprint {
  /** Other users' courses whose leaderboard or stats counted this user (ranking-recalc targets). */
  leaderboardCourseIds: string[];
  /** Other users' courses whose like/favorite/review counters include this user. */
  counterCourseIds: string[];
  /** Events the user took part in (participant counts). */
  eventIds: string[];
}

/**
 * The SQL of account deletion. Every table holding a user reference is handled explicitly, in an
 * order that never trips a foreign key and leaves no half-detached row; the schema's ON DELETE
 * rules only clear references *to* the user on other people's rows (a ban by a deleted admin, a
 * flag review, a resolved report, an event the user created).
 */
@Injectable()
export class AccountDeletionRepository {
  /** Locks the user row for the rest of the transaction; false when the account is already gone. */
  async lockUser(manager: EntityManager, userId: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT id FROM users WHERE id = $1 FOR UPDATE`, [
      userId,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Storage keys of the user's files: uploads, import files, and the user's course thumbnails. */
  async storedFiles(manager: EntityManager, userId: string): Promise<{ keys: string[]; urls: string[] }> {
    const keys = (await manager.query(
      `SELECT storage_key AS key FROM stored_files WHERE owner_id = $1
       UNION SELECT file_key FROM external_imports WHERE user_id = $1 AND file_key IS NOT NULL`,
      [userId],
    )) as Array<{ key: string }>;
    const urls = (await manager.query(
      `SELECT avatar_url AS url FROM users WHERE id = $1 AND avatar_url IS NOT NULL
       UNION SELECT thumbnail_url FROM courses WHERE creator_id = $1 AND thumbnail_url IS NOT NULL`,
      [userId],
    )) as Array<{ url: string }>;
    return { keys: keys.map((row) => row.key), urls: urls.map((row) => row.url) };
  }

  async footprint(manager: EntityManager, userId: string): Promise<DeletionFootprint> {
    const ids = async (sql: string) =>
      ((await manager.query(sql, [userId])) as Array<{ id: string }>).map((row) => row.id);
    const ownCourses = `SELECT id FROM courses WHERE creator_id = $1`;
    return {
      leaderboardCourseIds: await ids(
        `SELECT course_id AS id FROM run_records WHERE user_id = $1 AND course_id IS NOT NULL
         UNION SELECT course_id FROM rankings WHERE user_id = $1
         EXCEPT ${ownCourses}
         ORDER BY 1`,
      ),
      counterCourseIds: await ids(
        `SELECT course_id AS id FROM course_likes WHERE user_id = $1
         UNION SELECT course_id FROM course_favorites WHERE user_id = $1
         UNION SELECT course_id FROM reviews WHERE user_id = $1
         EXCEPT ${ownCourses}
         ORDER BY 1`,
      ),
      eventIds: await ids(`SELECT event_id AS id FROM event_participants WHERE user_id = $1 ORDER BY 1`),
    };
  }

  /** Where the user's runs show on the public heatmap (to refresh those tiles), or null. */
  async heatmapExtent(manager: EntityManager, userId: string): Promise<Box | null> {
    const [row] = (await manager.query(
      `SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
         FROM (SELECT ST_Extent(p.point) AS e FROM heatmap_points p
                 JOIN run_records r ON r.id = p.run_record_id WHERE r.user_id = $1) extent
        WHERE e IS NOT NULL`,
      [userId],
    )) as Box[];
    return row ?? null;
  }

  /** Deletes every row of the user, children before parents. */
  async deleteRows(manager: EntityManager, userId: string, extraStorageKeys: string[]): Promise<void> {
    const run = (sql: string, params: unknown[] = [userId]) => manager.query(sql, params);
    // Who the user is and how they sign in.
    await run(`DELETE FROM notifications WHERE user_id = $1 OR actor_id = $1`);
    await run(`DELETE FROM device_tokens WHERE user_id = $1`);
    await run(`DELETE FROM refresh_tokens WHERE user_id = $1`);
    await run(`DELETE FROM social_accounts WHERE user_id = $1`);
    // The social graph, both directions.
    await run(`DELETE FROM follows WHERE follower_id = $1 OR following_id = $1`);
    await run(`DELETE FROM user_blocks WHERE blocker_id = $1 OR blocked_id = $1`);
    // Reports by the user, and reports about the user or content that disappears with them.
    await run(
      `DELETE FROM reports WHERE reporter_id = $1
          OR (target_type = 'user' AND target_id = $1)
          OR (target_type = 'course' AND target_id IN (SELECT id FROM courses WHERE creator_id = $1))
          OR (target_type = 'review' AND target_id IN (
                SELECT r.id FROM reviews r WHERE r.user_id = $1
                UNION SELECT r.id FROM reviews r JOIN courses c ON c.id = r.course_id WHERE c.creator_id = $1))`,
    );
    // The user's marks on other courses.
    await run(`DELETE FROM course_likes WHERE user_id = $1`);
    await run(`DELETE FROM course_favorites WHERE user_id = $1`);
    await run(`DELETE FROM reviews WHERE user_id = $1`);
    await run(`DELETE FROM rankings WHERE user_id = $1`);
    await run(`DELETE FROM event_participants WHERE user_id = $1`);
    // Running data: chunks, records, sessions, imports, the Strava link.
    await run(`DELETE FROM run_chunks WHERE session_id IN (SELECT id FROM run_sessions WHERE user_id = $1)`);
    await run(`DELETE FROM run_records WHERE user_id = $1`);
    await run(`DELETE FROM run_sessions WHERE user_id = $1`);
    await run(`DELETE FROM external_imports WHERE user_id = $1`);
    await run(`DELETE FROM strava_connections WHERE user_id = $1`);
    // File records (the objects themselves are removed by the service).
    await run(`DELETE FROM stored_files WHERE owner_id = $1 OR storage_key = ANY($2::text[])`, [
      userId,
      extraStorageKeys,
    ]);
    // The user's courses and everything hanging off them (stats, boards, reviews, likes,
    // favorites); other people's runs and events on them stay, detached.
    await run(`DELETE FROM courses WHERE creator_id = $1`);
    await run(`DELETE FROM users WHERE id = $1`);
  }

  /** Cached counters on events, recounted from what is left. */
  async recountEvents(manager: EntityManager, footprint: DeletionFootprint): Promise<void> {
    if (footprint.eventIds.length > 0) {
      await manager.query(
        `UPDATE events e SET participant_count = (SELECT count(*) FROM event_participants p WHERE p.event_id = e.id)
          WHERE e.id = ANY($1::uuid[])`,
        [footprint.eventIds],
      );
    }
  }
}
