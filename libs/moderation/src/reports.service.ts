import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound } from '@runvs/common';
import { courseVisibleSql } from '@runvs/courses';
import { isUniqueViolation } from '@runvs/database';
import { DataSource } from 'typeorm';
import type { ReportCreated, ReportInput } from './moderation.types';

/** Where each kind of target lives, and who may see it (a private course only its creator). */
const TARGET_VISIBLE: Record<ReportInput['targetType'], string> = {
  course: `SELECT 1 FROM courses c WHERE c.id = $1 AND ${courseVisibleSql('c', '$2')}`,
  review: `SELECT 1 FROM reviews WHERE id = $1`,
  user: `SELECT 1 FROM users WHERE id = $1`,
  // a leaderboard entry: an effort on a course board the reporter may see
  run: `SELECT 1 FROM run_records r JOIN courses c ON c.id = r.course_id
         WHERE r.id = $1 AND r.is_ranking_eligible AND ${courseVisibleSql('c', '$2')}`,
};

/**
 * Runners report a course, a review or another runner, once per target (a second report of the
 * same target is 409 ALREADY_REPORTED). Admins work through the reports in the admin queue.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async report(reporterId: string, input: ReportInput): Promise<ReportCreated> {
    if (input.targetType === 'user' && input.targetId === reporterId) {
      throw new DomainError('VALIDATION_ERROR', 'Invalid request: target_id', {
        fields: [{ field: 'target_id', messages: ['you cannot report yourself'] }],
      });
    }
    const visible = (await this.dataSource.query(TARGET_VISIBLE[input.targetType], [
      input.targetId,
      ...(input.targetType === 'course' || input.targetType === 'run' ? [reporterId] : []),
    ])) as unknown[];
    if (visible.length === 0)
      throw notFound({ user: 'User', course: 'Course', review: 'Review', run: 'Run' }[input.targetType]);
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO reports (reporter_id, target_type, target_id, reason, description)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING id, target_type, target_id, reason, description, status, created_at`,
        [reporterId, input.targetType, input.targetId, input.reason, input.description],
      )) as Array<Omit<ReportCreated, 'created_at'> & { created_at: Date }>;
      return { ...row, created_at: row.created_at.toISOString() };
    } catch (error) {
      if (isUniqueViolation(error, 'uq_reports_once')) {
        throw new DomainError('ALREADY_REPORTED', 'You already reported this.');
      }
      throw error;
    }
  }
}
