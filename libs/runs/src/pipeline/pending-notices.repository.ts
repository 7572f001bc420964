import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type PendingWorkSource, QueueName } from '@runvs/queue';
import { DataSource } from 'typeorm';

/** A notice a day late is noise: older runs are not swept for their notices. */
const NOTICES_SWEPT_FOR_SECONDS = 86_400;

/**
 * Counted runs whose notices never went out (the sweeper's source for `run-notices`): completed
 * longer ago than the bound, within the last day, `notified_at` unset and no open final failure of
 * their job (failures are re-driven from job_failures). Served by ix_run_records_notices_pending.
 */
@Injectable()
export class PendingNoticesRepository implements PendingWorkSource<typeof QueueName.RunNotices> {
  readonly queue = QueueName.RunNotices;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async overdue(olderThanSeconds: number, limit: number): Promise<Array<{ runRecordId: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT r.id FROM run_records r
        WHERE r.notified_at IS NULL AND r.pipeline_completed_at IS NOT NULL
          AND r.pipeline_completed_at < now() - make_interval(secs => $1)
          AND r.pipeline_completed_at > now() - make_interval(secs => $2)
          AND NOT EXISTS (SELECT 1 FROM job_failures f
                           WHERE f.queue = $3 AND f.payload->>'runRecordId' = r.id::text AND f.resolved_at IS NULL)
        ORDER BY r.pipeline_completed_at
        LIMIT $4`,
      [olderThanSeconds, NOTICES_SWEPT_FOR_SECONDS, QueueName.RunNotices, limit],
    )) as Array<{ id: string }>;
    return rows.map((row) => ({ runRecordId: row.id }));
  }
}
