import { Injectable } from '@nestjs/common';
import { courseVisibleSql } from '@runvs/courses';
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
  activity_type: string;
  is_flagged: boolean;
  /** an admin excluded the effort from the board: it stays off whatever the new line says */
  board_excluded: boolean;
  is_ranking_eligible: boolean;
  checkpoint_passes: unknown;
  /** the runner may see the course (private: its creator and admins only) */
  course_visible: boolean;
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
      `SELECT r.id, r.user_id, r.source, r.activity_type, r.is_flagged, r.board_excluded_at IS NOT NULL AS board_excluded,
              r.is_ranking_eligible, r.checkpoint_passes,
              ${courseVisibleSql('c', 'r.user_id')} AS course_visible,
              ST_AsGeoJSON(r.route_geometry)::json AS run_line
         FROM run_records r JOIN courses c ON c.id = r.course_id
        WHERE r.course_id = $1 AND r.matched_at IS NOT NULL AND r.id > $2
        ORDER BY r.id
        LIMIT $3
        FOR UPDATE OF r`,
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
