import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface RejudgeCourse {
  title: string;
  route_revision: number;
  is_hidden: boolean;
  checkpoints: unknown;
  course_line: { coordinates: number[][] } | null;
}

export interface RejudgeRun {
  id: string;
  user_id: string;
  source: string;
  is_flagged: boolean;
  is_ranking_eligible: boolean;
  checkpoint_passes: unknown;
  run_line: { coordinates: number[][] } | null;
}

/** SQL of re-judging a course's efforts after its line was corrected. */
@Injectable()
export class CourseRejudgeRepository {
  async course(manager: EntityManager, courseId: string): Promise<RejudgeCourse | null> {
    const [row] = (await manager.query(
      `SELECT title, route_revision, is_hidden, checkpoints, ST_AsGeoJSON(route_geometry)::json AS course_line
         FROM courses WHERE id = $1`,
      [courseId],
    )) as RejudgeCourse[];
    return row ?? null;
  }

  /**
   * The next runs on the course after `afterId` (id order), locked: those the pipeline already
   * matched (a run still in its pipeline is matched against the new line there).
   */
  async runsAfter(
    manager: EntityManager,
    courseId: string,
    afterId: string,
    limit: number,
  ): Promise<RejudgeRun[]> {
    return (await manager.query(
      `SELECT id, user_id, source, is_flagged, is_ranking_eligible, checkpoint_passes,
              ST_AsGeoJSON(route_geometry)::json AS run_line
         FROM run_records
        WHERE course_id = $1 AND matched_at IS NOT NULL AND id > $2
        ORDER BY id
        LIMIT $3
        FOR UPDATE`,
      [courseId, afterId, limit],
    )) as RejudgeRun[];
  }

  /** Events bound to the course whose progress still moves (not cancelled, not frozen). */
  async liveEventIds(manager: EntityManager, courseId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM events WHERE course_id = $1 AND cancelled_at IS NULL AND course_deleted_at IS NULL`,
      [courseId],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}
