import { Processor } from '@nestjs/bullmq';
import { PermanentJobError, QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';

/** Placeholder consumer until Strava sync lands (issue #8): jobs are refused and recorded, never lost silently. */
@Processor(QueueName.StravaSync)
export class StravaSyncProcessor extends QueueProcessor<QueueName.StravaSync> {
  protected readonly queueName = QueueName.StravaSync;

  protected handle(payload: QueuePayloads[QueueName.StravaSync]): Promise<never> {
    return Promise.reject(
      new PermanentJobError(
        `${this.queueName} cannot be processed by this build yet: ${JSON.stringify(payload)}`,
      ),
    );
  }
}
