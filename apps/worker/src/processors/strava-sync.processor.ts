import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import { StravaSyncService } from '@runvs/strava';

/**
 * `strava-sync`: recent-run syncs, webhook-driven activity changes, deauthorizations. A Strava
 * rate limit puts the job back (delayed until the window resets); 5xx and timeouts throw and retry.
 */
@Processor(QueueName.StravaSync)
export class StravaSyncProcessor extends QueueProcessor<typeof QueueName.StravaSync> {
  protected readonly queueName = QueueName.StravaSync;

  constructor(private readonly sync: StravaSyncService) {
    super();
  }

  protected handle(payload: PayloadOf<typeof QueueName.StravaSync>): Promise<void> {
    return this.sync.handleJob(payload);
  }
}
