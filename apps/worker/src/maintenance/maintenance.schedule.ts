import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type MaintenanceTask, QueueName, QueueRegistry } from '@runvs/queue';

/** When each housekeeping task runs (cron, UTC). */
export const MAINTENANCE_SCHEDULE: Record<MaintenanceTask, string> = {
  'purge-notifications': '17 3 * * *',
  'purge-outbox': '7 * * * *',
  'purge-refresh-tokens': '37 */6 * * *',
  // Export zips are private and expire (EXPORT_DOWNLOAD_TTL_HOURS); the hourly purge removes the files.
  'purge-expired-exports': '47 * * * *',
  // Reminders go out up to an hour before a start (EVENT_REMINDER_LEAD_MINUTES); every 5 minutes
  // keeps them timely, and each event is reminded once however often this runs.
  'event-reminders': '*/5 * * * *',
  // Retryable failed jobs are re-driven with delays of 5 minutes and more (JobFailuresService).
  'redrive-failed-jobs': '*/5 * * * *',
};

/**
 * Registers the repeatable maintenance jobs. upsertJobScheduler is idempotent, so every worker
 * can do it at boot and there is still one schedule per task.
 */
@Injectable()
export class MaintenanceSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceSchedule.name);

  constructor(private readonly queues: QueueRegistry) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.get(QueueName.Maintenance);
    for (const [task, pattern] of Object.entries(MAINTENANCE_SCHEDULE) as Array<[MaintenanceTask, string]>) {
      await queue.upsertJobScheduler(
        `maintenance_${task}`,
        { pattern, tz: 'UTC' },
        {
          name: QueueName.Maintenance,
          data: { task },
        },
      );
    }
    this.logger.log(`maintenance schedules registered: ${Object.keys(MAINTENANCE_SCHEDULE).join(', ')}`);
  }
}
