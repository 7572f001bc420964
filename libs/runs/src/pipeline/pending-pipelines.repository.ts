import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type PendingWorkSource, QueueName } from '@runvs/queue';
import { DataSource } from 'typeorm';

/**
 * Runs whose completion pipeline never finished (the sweeper's source for `run-completion`):
 * committed longer ago than the bound, not completed, not failed for good (failures are re-driven
 * from job_failures). Served by the partial index ix_run_records_pipeline_pending.
 */
@Injectable()
export class PendingPipelinesRepository implements PendingWorkSource<typeof QueueName.RunCompletion> {
  readonly queue = QueueName.RunCompletion;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async overdue(olderThanSeconds: number, limit: number): Promise<Array<{ runRecordId: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM run_records
        WHERE pipeline_completed_at IS NULL AND pipeline_failed_at IS NULL
          AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at
        LIMIT $2`,
      [olderThanSeconds, limit],
    )) as Array<{ id: string }>;
    return rows.map((row) => ({ runRecordId: row.id }));
  }
}
