import { Injectable } from '@nestjs/common';
import { countedRunSql } from '@runvs/database';
import type { EntityManager } from 'typeorm';
import type { CourseOutcome, RunEfforts } from './achievements.rules';

/** Which runs count for achievements: running, not flagged, not a duplicate recording. */
const COUNTED = `${countedRunSql()} AND duplicate_of_run_id IS NULL`;

export interface EarnedRow {
  code: string;
  earned_at: Date;
  run_record_id: string | null;
}

export interface RunnerFigures {
  runs: number;
  longest_run_meters: number;
  courses_completed: number;
  events_finished: number;
  /** the longest daily streak, kept on the runner's row by the run pipeline (users.streak_best_days) */
  streak_best_days: number;
}

/** SQL of achievements: the runner's history they are computed from, and the earned rows. */
@Injectable()
export class AchievementsRepository {
  /** Serialises awarding and taking back for one runner until the transaction ends. */
  async lockRunner(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('achievements:' || $1))`, [userId]);
  }

  async figures(manager: EntityManager, userId: string): Promise<RunnerFigures | null> {
    const [row] = (await manager.query(
      `SELECT u.streak_best_days,
              (SELECT count(*)::int FROM run_records WHERE user_id = u.id AND ${COUNTED}) AS runs,
              (SELECT COALESCE(max(distance_meters), 0)::int FROM run_records WHERE user_id = u.id AND ${COUNTED})
                AS longest_run_meters,
              (SELECT count(DISTINCT course_id)::int FROM run_records
                WHERE user_id = u.id AND ${COUNTED} AND course_id IS NOT NULL AND course_completed) AS courses_completed,
              (SELECT count(*)::int FROM event_participants WHERE user_id = u.id AND completed) AS events_finished
         FROM users u WHERE u.id = $1`,
      [userId],
    )) as RunnerFigures[];
    return row ?? null;
  }

  /** Each run's best efforts, reduced to distance key and time. */
  async efforts(manager: EntityManager, userId: string): Promise<RunEfforts[]> {
    return (await manager.query(
      `SELECT finished_at,
              (SELECT jsonb_agg(jsonb_build_object('key', e->>'key', 'duration_seconds', e->'duration_seconds'))
                 FROM jsonb_array_elements(best_efforts) e) AS efforts
         FROM run_records
        WHERE user_id = $1 AND ${COUNTED} AND jsonb_typeof(best_efforts) = 'array'`,
      [userId],
    )) as RunEfforts[];
  }

  /** Where each ranked course run put the runner (run_records.ranking_outcome). */
  async courseOutcomes(manager: EntityManager, userId: string): Promise<CourseOutcome[]> {
    return (await manager.query(
      `SELECT course_id, finished_at, (ranking_outcome->>'rank')::int AS rank,
              (ranking_outcome->>'previous_rank')::int AS previous_rank,
              COALESCE((ranking_outcome->>'is_personal_best')::boolean, false) AS is_personal_best
         FROM run_records
        WHERE user_id = $1 AND ${COUNTED} AND course_id IS NOT NULL AND ranking_outcome IS NOT NULL`,
      [userId],
    )) as CourseOutcome[];
  }

  async earned(manager: EntityManager, userId: string): Promise<EarnedRow[]> {
    return (await manager.query(
      `SELECT code, earned_at, run_record_id FROM user_achievements WHERE user_id = $1 ORDER BY earned_at, code`,
      [userId],
    )) as EarnedRow[];
  }

  /** True when this call earned it (the unique pair makes a second award a no-op). */
  async award(
    manager: EntityManager,
    userId: string,
    code: string,
    earnedAt: Date,
    runRecordId: string | null,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO user_achievements (user_id, code, earned_at, run_record_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, code) DO NOTHING RETURNING id`,
      [userId, code, earnedAt, runRecordId],
    )) as unknown[];
    return rows.length > 0;
  }

  async takeBack(manager: EntityManager, userId: string, codes: string[]): Promise<void> {
    if (codes.length === 0) return;
    await manager.query(`DELETE FROM user_achievements WHERE user_id = $1 AND code = ANY($2::text[])`, [
      userId,
      codes,
    ]);
  }

  /** Whether the user exists and neither of the two blocked the other. */
  async visibleTo(manager: EntityManager, userId: string, viewerId: string): Promise<boolean> {
    const [row] = (await manager.query(
      `SELECT NOT EXISTS (
                SELECT 1 FROM user_blocks
                 WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)
              ) AS visible
         FROM users WHERE id = $1`,
      [userId, viewerId],
    )) as Array<{ visible: boolean }>;
    return row?.visible ?? false;
  }
}
