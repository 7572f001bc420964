import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { FlaggedRunItem, FlagReviewFilter } from './admin.types';

const RUN_SELECT = `SELECT r.id, r.user_id, u.nickname, r.course_id, c.title AS course_title, r.source, r.distance_meters,
    r.duration_seconds, r.avg_pace_seconds_per_km, r.max_speed_ms, r.started_at, r.finished_at, r.is_flagged,
    r.flag_reason, r.flag_reasons, r.flag_review_status, r.flag_reviewed_by_id, r.flag_reviewed_at, r.is_ranking_eligible,
    r.flag_appeal_message, r.flag_appealed_at, r.board_excluded_reason, r.board_excluded_at
  FROM run_records r
  JOIN users u ON u.id = r.user_id
  LEFT JOIN courses c ON c.id = r.course_id`;

const FILTERS: Record<FlagReviewFilter, string> = {
  pending: 'r.is_flagged AND r.flag_review_status IS NULL',
  confirmed: `r.flag_review_status = 'confirmed'`,
  dismissed: `r.flag_review_status = 'dismissed'`,
  appealed: 'r.is_flagged AND r.flag_review_status IS NULL AND r.flag_appealed_at IS NOT NULL',
};

export type FlaggedRunRow = Omit<
  FlaggedRunItem,
  'started_at' | 'finished_at' | 'flag_reviewed_at' | 'flag_appealed_at' | 'board_excluded_at'
> & {
  started_at: Date;
  finished_at: Date;
  flag_reviewed_at: Date | null;
  flag_appealed_at: Date | null;
  board_excluded_at: Date | null;
};

/** SQL of the admins' run queue (the verdicts themselves are written by libs/runs). */
@Injectable()
export class AdminRunsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    filter: FlagReviewFilter,
    page: { page: number; perPage: number },
  ): Promise<{ total: number; rows: FlaggedRunRow[] }> {
    const where = FILTERS[filter];
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM run_records r WHERE ${where}`) as Promise<
        Array<{ total: number }>
      >,
      this.dataSource.query(
        `${RUN_SELECT} WHERE ${where} ORDER BY r.created_at DESC, r.id LIMIT $1 OFFSET $2`,
        [page.perPage, page.page * page.perPage],
      ) as Promise<FlaggedRunRow[]>,
    ]);
    return { total, rows };
  }

  async item(runId: string): Promise<FlaggedRunRow | undefined> {
    const [row] = (await this.dataSource.query(`${RUN_SELECT} WHERE r.id = $1`, [runId])) as FlaggedRunRow[];
    return row;
  }

  /** The open reports on an effort are settled by the admin's exclusion of it. */
  async resolveRunReports(manager: EntityManager, runId: string, adminId: string): Promise<void> {
    await manager.query(
      `UPDATE reports SET status = 'resolved', resolved_by_id = $2, resolved_at = now()
        WHERE target_type = 'run' AND target_id = $1 AND status = 'open'`,
      [runId, adminId],
    );
  }
}
