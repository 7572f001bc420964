import { courseVisibleSql } from '@runvs/courses';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface GhostCourse {
  id: string;
  creator_id: string;
  is_public: boolean;
  is_hidden: boolean;
}

/** A course effort a ghost can be built from. */
export interface GhostEffort {
  run_record_id: string;
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
  duration_seconds: number;
  finished_at: Date;
}

// An effort is timed from the track (moving_time_seconds), whatever a device's totals show on the run.
const EFFORT_COLUMNS = `r.id AS run_record_id, r.user_id, u.nickname, u.avatar_url, r.moving_time_seconds AS duration_seconds, r.finished_at`;

/** SQL of ghost lookups: the course, which effort, and whether the viewer may race it. */
@Injectable()
export class GhostRepository {
  /** The course when the viewer may see it (the courses' visibility rule), else null. */
  async course(manager: EntityManager, courseId: string, viewerId: string): Promise<GhostCourse | null> {
    const [row] = (await manager.query(
      `SELECT c.id, c.creator_id, c.is_public, c.is_hidden FROM courses c
        WHERE c.id = $1 AND ${courseVisibleSql('c', '$2')}`,
      [courseId, viewerId],
    )) as GhostCourse[];
    return row ?? null;
  }

  async courseLine(manager: EntityManager, courseId: string): Promise<number[][] | null> {
    const [row] = (await manager.query(
      `SELECT ST_AsGeoJSON(route_geometry)::json AS line FROM courses WHERE id = $1`,
      [courseId],
    )) as Array<{ line: { coordinates: number[][] } | null }>;
    return row?.line?.coordinates ?? null;
  }

  /** The course record: the first row of its board (best time, then the earlier achievement). */
  async leaderEffort(manager: EntityManager, courseId: string): Promise<GhostEffort | null> {
    const [row] = (await manager.query(
      `SELECT ${EFFORT_COLUMNS}
         FROM rankings k JOIN run_records r ON r.id = k.run_record_id JOIN users u ON u.id = r.user_id
        WHERE k.course_id = $1
        ORDER BY k.best_duration_seconds, k.achieved_at, k.user_id
        LIMIT 1`,
      [courseId],
    )) as GhostEffort[];
    return row ?? null;
  }

  /** A runner's leaderboard best on the course. */
  async rankedEffort(manager: EntityManager, courseId: string, userId: string): Promise<GhostEffort | null> {
    const [row] = (await manager.query(
      `SELECT ${EFFORT_COLUMNS}
         FROM rankings k JOIN run_records r ON r.id = k.run_record_id JOIN users u ON u.id = r.user_id
        WHERE k.course_id = $1 AND k.user_id = $2`,
      [courseId, userId],
    )) as GhostEffort[];
    return row ?? null;
  }

  /**
   * My own best on the course: my leaderboard best, else my fastest completed run there (a
   * flagged or Strava-sourced run is off the board but still mine to race).
   */
  async ownBestEffort(manager: EntityManager, courseId: string, userId: string): Promise<GhostEffort | null> {
    const ranked = await this.rankedEffort(manager, courseId, userId);
    if (ranked) return ranked;
    const [row] = (await manager.query(
      `SELECT ${EFFORT_COLUMNS}
         FROM run_records r JOIN users u ON u.id = r.user_id
        WHERE r.course_id = $1 AND r.user_id = $2 AND r.course_completed
        ORDER BY r.moving_time_seconds, r.finished_at
        LIMIT 1`,
      [courseId, userId],
    )) as GhostEffort[];
    return row ?? null;
  }

  /** One run as a ghost comparison needs it. */
  async run(
    manager: EntityManager,
    runRecordId: string,
  ): Promise<{ id: string; user_id: string; course_id: string | null; finished_at: Date } | null> {
    const [row] = (await manager.query(
      `SELECT id, user_id, course_id, finished_at FROM run_records WHERE id = $1`,
      [runRecordId],
    )) as Array<{ id: string; user_id: string; course_id: string | null; finished_at: Date }>;
    return row ?? null;
  }

  /** A run's course outcome and the ghost its live session raced (null: none chosen). */
  async raceOf(
    manager: EntityManager,
    runRecordId: string,
  ): Promise<{
    course_id: string | null;
    course_completed: boolean | null;
    done: boolean;
    ghost_of: string | null;
  } | null> {
    const [row] = (await manager.query(
      `SELECT r.course_id, r.course_completed, r.pipeline_completed_at IS NOT NULL AS done, s.ghost_of
         FROM run_records r LEFT JOIN run_sessions s ON s.id = r.session_id
        WHERE r.id = $1`,
      [runRecordId],
    )) as Array<{
      course_id: string | null;
      course_completed: boolean | null;
      done: boolean;
      ghost_of: string | null;
    }>;
    return row ?? null;
  }

  /** My fastest completed run on the course that finished before `before` (the best I raced). */
  async ownBestBefore(
    manager: EntityManager,
    courseId: string,
    userId: string,
    before: Date,
  ): Promise<GhostEffort | null> {
    const [row] = (await manager.query(
      `SELECT ${EFFORT_COLUMNS}
         FROM run_records r JOIN users u ON u.id = r.user_id
        WHERE r.course_id = $1 AND r.user_id = $2 AND r.course_completed AND r.finished_at < $3
        ORDER BY r.moving_time_seconds, r.finished_at
        LIMIT 1`,
      [courseId, userId, before],
    )) as GhostEffort[];
    return row ?? null;
  }

  /** Whether the viewer may race this runner's ghost: follows them or is their friend, no block. */
  async mayRace(manager: EntityManager, viewerId: string, runnerId: string): Promise<boolean> {
    const [row] = (await manager.query(
      `SELECT (EXISTS (SELECT 1 FROM follows WHERE follower_id = $1 AND following_id = $2)
               OR EXISTS (SELECT 1 FROM friend_requests
                           WHERE status = 'accepted'
                             AND ((requester_id = $1 AND recipient_id = $2) OR (requester_id = $2 AND recipient_id = $1))))
              AND NOT EXISTS (SELECT 1 FROM user_blocks
                               WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1))
              AS may`,
      [viewerId, runnerId],
    )) as Array<{ may: boolean }>;
    return row?.may ?? false;
  }
}
