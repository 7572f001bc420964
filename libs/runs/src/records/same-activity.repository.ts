import { Injectable } from '@nestjs/common';
import type { RunSource } from '@runvs/database';
import type { EntityManager } from 'typeorm';
import { type RecordedRun, SAME_ACTIVITY_START_WINDOW_S } from './same-activity.rules';

/** SQL of the same-activity check, shared by live completion and every importer. */
@Injectable()
export class SameActivityRepository {
  /**
   * Serialises the check and the insert of one user's runs across every path (live completion,
   * recovery, file and Strava imports), so two recordings of one activity arriving at once are
   * still seen by each other.
   */
  async lockUser(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`same-activity:${userId}`]);
  }

  /** The user's runs (any source) that started within the window of `startedAt`, nearest first. */
  async runsStartingNear(manager: EntityManager, userId: string, startedAt: Date): Promise<RecordedRun[]> {
    const rows = (await manager.query(
      `SELECT id, distance_meters, source FROM run_records
        WHERE user_id = $1
          AND started_at BETWEEN $2::timestamptz - make_interval(secs => $3)
                             AND $2::timestamptz + make_interval(secs => $3)
        ORDER BY abs(extract(epoch FROM started_at - $2::timestamptz)), created_at
        LIMIT 10`,
      [userId, startedAt, SAME_ACTIVITY_START_WINDOW_S],
    )) as Array<{ id: string; distance_meters: number; source: RunSource }>;
    return rows.map((r) => ({ id: r.id, distanceMeters: r.distance_meters, source: r.source }));
  }
}
