import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type PendingWorkSource, QueueName } from '@runvs/queue';
import { DataSource } from 'typeorm';

/**
 * File imports still pending or processing longer than the bound (the sweeper's source for
 * `activity-import`). Strava imports are not here: the strava-sync job writes them when it runs.
 */
@Injectable()
export class PendingImportsRepository implements PendingWorkSource<typeof QueueName.ActivityImport> {
  readonly queue = QueueName.ActivityImport;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async overdue(olderThanSeconds: number, limit: number): Promise<Array<{ importId: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM external_imports
        WHERE status IN ('pending', 'processing') AND source <> 'strava'
          AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at
        LIMIT $2`,
      [olderThanSeconds, limit],
    )) as Array<{ id: string }>;
    return rows.map((row) => ({ importId: row.id }));
  }
}
