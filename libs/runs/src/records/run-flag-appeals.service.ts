import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound } from '@runvs/common';
import { inTransaction } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';

export interface FlagAppeal {
  run_record_id: string;
  status: 'pending';
  message: string;
  appealed_at: string;
  flag_reasons: string[];
}

/**
 * A runner appeals the anomaly flag on their own run: the message lands in the admin queue of
 * flagged runs (`GET /admin/runs/flagged?status=appealed`), which reinstates or confirms the run.
 */
@Injectable()
export class RunFlagAppealsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async appeal(userId: string, runId: string, message: string): Promise<FlagAppeal> {
    return inTransaction(this.dataSource, async (manager: EntityManager) => {
      const [run] = (await manager.query(
        `SELECT id, user_id, is_flagged, flag_reason, flag_reasons, flag_appealed_at, flag_review_status
           FROM run_records WHERE id = $1 FOR UPDATE`,
        [runId],
      )) as Array<{
        id: string;
        user_id: string;
        is_flagged: boolean;
        flag_reason: string | null;
        flag_reasons: string[] | null;
        flag_appealed_at: Date | null;
        flag_review_status: string | null;
      }>;
      if (!run || run.user_id !== userId) throw notFound('Run');
      if (!run.is_flagged)
        throw new DomainError('NOT_FLAGGED', 'This run is not flagged: there is nothing to appeal.');
      if (run.flag_appealed_at !== null && run.flag_review_status === null) {
        throw new DomainError('ALREADY_APPEALED', 'An appeal of this run is already waiting for an admin.');
      }
      const [row] = (await manager.query(
        `UPDATE run_records SET flag_appeal_message = $2, flag_appealed_at = now(), flag_review_status = NULL,
                flag_reviewed_by_id = NULL, flag_reviewed_at = NULL
          WHERE id = $1 RETURNING flag_appealed_at`,
        [runId, message],
      )) as [Array<{ flag_appealed_at: Date }>, number];
      return {
        run_record_id: runId,
        status: 'pending' as const,
        message,
        appealed_at: row[0].flag_appealed_at.toISOString(),
        flag_reasons: run.flag_reasons ?? (run.flag_reason ? [run.flag_reason] : []),
      };
    });
  }
}
