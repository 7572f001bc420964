import { Processor } from '@nestjs/bullmq';
import { PermanentJobError, QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';

/** Placeholder consumer until the run-completion pipeline lands (issue #5): jobs are refused and recorded, never lost silently. */
@Processor(QueueName.RunCompletion)
export class RunCompletionProcessor extends QueueProcessor<QueueName.RunCompletion> {
  protected readonly queueName = QueueName.RunCompletion;

  protected handle(payload: QueuePayloads[QueueName.RunCompletion]): Promise<never> {
    return Promise.reject(
      new PermanentJobError(
        `${this.queueName} cannot be processed by this build yet: ${JSON.stringify(payload)}`,
      ),
    );
  }
}
