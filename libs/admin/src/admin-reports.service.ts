import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type Page, toPage } from '@runvs/common';
import { DataSource } from 'typeorm';
import type { ReportItem, ReportQuery } from './admin.types';

const REPORT_SELECT = `SELECT rp.id, rp.reporter_id, ru.nickname AS reporter_nickname, rp.target_type, rp.target_id,
    CASE rp.target_type
      WHEN 'course' THEN (SELECT c.title FROM courses c WHERE c.id = rp.target_id)
      WHEN 'user' THEN (SELECT COALESCE(u.nickname, u.user_code) FROM users u WHERE u.id = rp.target_id)
      WHEN 'review' THEN (SELECT COALESCE(a.nickname, '?') || ': ' || COALESCE(left(rv.content, 120), rv.rating || '★')
                            FROM reviews rv JOIN users a ON a.id = rv.user_id WHERE rv.id = rp.target_id)
    END AS target_summary,
    CASE rp.target_type
      WHEN 'course' THEN EXISTS (SELECT 1 FROM courses c WHERE c.id = rp.target_id)
      WHEN 'user' THEN EXISTS (SELECT 1 FROM users u WHERE u.id = rp.target_id)
      WHEN 'review' THEN EXISTS (SELECT 1 FROM reviews rv WHERE rv.id = rp.target_id)
    END AS target_exists,
    rp.reason, rp.description, rp.status, rp.resolved_by_id, rp.resolved_at, rp.resolution_note, rp.created_at
  FROM reports rp JOIN users ru ON ru.id = rp.reporter_id`;

type ReportRow = Omit<ReportItem, 'resolved_at' | 'created_at'> & {
  resolved_at: Date | null;
  created_at: Date;
};

const toItem = (row: ReportRow): ReportItem => ({
  ...row,
  resolved_at: row.resolved_at?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
});

/** The reports queue: open reports oldest first, each with what it points at; resolve or dismiss. */
@Injectable()
export class AdminReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ReportQuery): Promise<Page<ReportItem>> {
    const params: unknown[] = [query.status ?? null, query.targetType ?? null];
    const where = `($1::varchar IS NULL OR rp.status = $1) AND ($2::varchar IS NULL OR rp.target_type = $2)`;
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM reports rp WHERE ${where}`,
        params,
      ) as Promise<Array<{ total: number }>>,
      this.dataSource.query(
        `${REPORT_SELECT} WHERE ${where} ORDER BY rp.created_at, rp.id LIMIT $3 OFFSET $4`,
        [...params, query.perPage, query.page * query.perPage],
      ) as Promise<ReportRow[]>,
    ]);
    return toPage(rows.map(toItem), total, query);
  }

  /** Closes an open report as acted upon (`resolved`) or unfounded (`dismissed`). */
  async resolve(
    adminId: string,
    reportId: string,
    status: 'resolved' | 'dismissed',
    note: string | null,
  ): Promise<ReportItem> {
    const [rows] = (await this.dataSource.query(
      `UPDATE reports SET status = $2, resolution_note = $3, resolved_by_id = $4, resolved_at = now()
        WHERE id = $1 AND status = 'open' RETURNING id`,
      [reportId, status, note, adminId],
    )) as [unknown[], number];
    if (rows.length === 0) {
      const exists = (await this.dataSource.query(`SELECT 1 FROM reports WHERE id = $1`, [
        reportId,
      ])) as unknown[];
      if (exists.length === 0) throw notFound('Report');
      throw new DomainError('CONFLICT', 'This report was already closed.');
    }
    const [row] = (await this.dataSource.query(`${REPORT_SELECT} WHERE rp.id = $1`, [
      reportId,
    ])) as ReportRow[];
    return toItem(row);
  }
}
