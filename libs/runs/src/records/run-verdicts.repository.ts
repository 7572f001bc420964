import { Injectable } from '@nestjs/common';
import { courseVisibleSql } from '@runvs/database';
import type { EntityManager } from 'typeorm';
import type { CourseCompletionView } from '../pipeline/course-completion';

/** A run as an admin's verdict on it needs it, locked. */
export interface VerdictRunRow {
  id: string;
  user_id: string;
  course_id: string | null;
  source: string;
  activity_type: string;
  course_completed: boolean | null;
  route_match_percent: number | null;
  finished_at: Date;
  is_flagged: boolean;
  board_excluded_at: Date | null;
  flag_reasons: string[] | null;
  flag_reason: string | null;
  flag_appealed_at: Date | null;
  /** the judge's stored verdict on the course run (null: no course) */
  course_completion: CourseCompletionView | null;
  /** the course is neither hidden nor private to someone else */
  course_visible: boolean;
}

/** SQL of the admins' verdicts on run_records (flag reviews, board exclusions). */
@Injectable()
export class RunVerdictsRepository {
  /**
   * The run locked, after the runner's pipeline lock (the order the pipeline takes them in): the
   * recount that follows a verdict must not interleave with the increments of another of their runs.
   */
  async lock(manager: EntityManager, runRecordId: string): Promise<VerdictRunRow | undefined> {
    const [row] = (await manager.query(
      `SELECT r.id, r.user_id, r.course_id, r.source, r.activity_type, r.course_completed, r.route_match_percent,
              r.finished_at, r.is_flagged, r.board_excluded_at, r.flag_reasons, r.flag_reason, r.flag_appealed_at,
              r.course_completion,
              COALESCE(NOT c.is_hidden AND ${courseVisibleSql('c', 'r.user_id')}, false) AS course_visible,
              pg_advisory_xact_lock(hashtext('runner-pipeline:' || r.user_id::text)) AS locked
         FROM run_records r LEFT JOIN courses c ON c.id = r.course_id
        WHERE r.id = $1
          FOR UPDATE OF r`,
      [runRecordId],
    )) as VerdictRunRow[];
    return row;
  }

  async saveFlagVerdict(
    manager: EntityManager,
    runRecordId: string,
    verdict: {
      isFlagged: boolean;
      status: 'confirmed' | 'dismissed';
      adminId: string;
      eligible: boolean;
      completion: CourseCompletionView | null;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE run_records SET is_flagged = $2, flag_review_status = $3, flag_reviewed_by_id = $4,
              flag_reviewed_at = now(), is_ranking_eligible = $5, course_completion = $6::jsonb
        WHERE id = $1`,
      [
        runRecordId,
        verdict.isFlagged,
        verdict.status,
        verdict.adminId,
        verdict.eligible,
        verdict.completion && JSON.stringify(verdict.completion),
      ],
    );
  }

  /** Returns when the exclusion was made. */
  async saveBoardExclusion(
    manager: EntityManager,
    runRecordId: string,
    reason: string,
    completion: CourseCompletionView | null,
  ): Promise<Date> {
    const [rows] = (await manager.query(
      `UPDATE run_records SET is_ranking_eligible = false, board_excluded_reason = $2, board_excluded_at = now(),
              course_completion = $3::jsonb
        WHERE id = $1 RETURNING board_excluded_at`,
      [runRecordId, reason, completion && JSON.stringify(completion)],
    )) as [Array<{ board_excluded_at: Date }>, number];
    return rows[0].board_excluded_at;
  }

  async clearBoardExclusion(
    manager: EntityManager,
    runRecordId: string,
    eligible: boolean,
    completion: CourseCompletionView | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE run_records SET is_ranking_eligible = $2, board_excluded_reason = NULL, board_excluded_at = NULL,
              course_completion = $3::jsonb
        WHERE id = $1`,
      [runRecordId, eligible, completion && JSON.stringify(completion)],
    );
  }
}
