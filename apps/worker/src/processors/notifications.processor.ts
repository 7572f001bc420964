import { Processor } from '@nestjs/bullmq';
import { PermanentJobError, QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';

/** Placeholder consumer until push delivery lands (issue #6): jobs are refused and recorded, never lost silently. */
@Processor(QueueName.Notifications)
export class NotificationsProcessor extends QueueProcessor<QueueName.Notifications> {
  protected readonly queueName = QueueName.Notifications;

  protected handle(payload: QueuePayloads[QueueName.Notifications]): Promise<never> {
    return Promise.reject(
      new PermanentJobError(
        `${this.queueName} cannot be processed by this build yet: ${JSON.stringify(payload)}`,
      ),
    );
  }
}
