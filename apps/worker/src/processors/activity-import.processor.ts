import { Processor } from '@nestjs/bullmq';
import { PermanentJobError, QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';

/** Placeholder consumer until activity imports lands (issue #8): jobs are refused and recorded, never lost silently. */
@Processor(QueueName.ActivityImport)
export class ActivityImportProcessor extends QueueProcessor<QueueName.ActivityImport> {
  protected readonly queueName = QueueName.ActivityImport;

  protected handle(payload: QueuePayloads[QueueName.ActivityImport]): Promise<never> {
    return Promise.reject(
      new PermanentJobError(
        `${this.queueName} cannot be processed by this build yet: ${JSON.stringify(payload)}`,
      ),
    );
  }
}
