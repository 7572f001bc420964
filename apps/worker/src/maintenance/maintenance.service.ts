import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventRemindersService } from '@runvs/events';
import { ExportsService } from '@runvs/exports';
import { NOTIFICATION_RETENTION_DAYS } from '@runvs/notifications';
import { JobFailuresService, type MaintenanceTask } from '@runvs/queue';
import { DataSource } from 'typeorm';

/** Retention rules for housekeeping; each task is a single idempotent statement. */
export const OUTBOX_RETENTION_DAYS = 7;

@Injectable()
export class MaintenanceService {
  private readonly logger = new Logger(MaintenanceService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventReminders: EventRemindersService,
    private readonly jobFailures: JobFailuresService,
    private readonly exports: ExportsService,
  ) {}

  /** Runs one housekeeping task; returns the number of rows it removed (reminders sent, jobs re-driven, export files deleted). */
  async run(task: MaintenanceTask): Promise<number> {
    const removed = await this.execute(task);
    this.logger.log(`maintenance ${task}: ${removed} row(s)`);
    return removed;
  }

  private async execute(task: MaintenanceTask): Promise<number> {
    switch (task) {
      case 'event-reminders':
        return this.eventReminders.sendDue();
      case 'redrive-failed-jobs':
        return this.jobFailures.redriveDue();
      case 'purge-notifications':
        return this.deleteWhere(
          `DELETE FROM notifications WHERE created_at < now() - make_interval(days => $1)`,
          [NOTIFICATION_RETENTION_DAYS],
        );
      case 'purge-outbox':
        return this.deleteWhere(
          `DELETE FROM outbox_events WHERE published_at IS NOT NULL AND published_at < now() - make_interval(days => $1)`,
          [OUTBOX_RETENTION_DAYS],
        );
      case 'purge-expired-exports':
        return this.exports.purgeExpired();
      case 'purge-refresh-tokens':
        return this.deleteWhere(
          `DELETE FROM refresh_tokens WHERE expires_at < now() OR revoked_at < now() - interval '30 days'`,
          [],
        );
    }
  }

  private async deleteWhere(sql: string, parameters: unknown[]): Promise<number> {
    const [, affected] = (await this.dataSource.query(sql, parameters)) as [unknown, number];
    return affected ?? 0;
  }
}
