import { Processor } from '@nestjs/bullmq';
import { PermanentJobError, QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';

/** Placeholder consumer until course thumbnails lands (issue #4): jobs are refused and recorded, never lost silently. */
@Processor(QueueName.CourseCreated)
export class CourseCreatedProcessor extends QueueProcessor<QueueName.CourseCreated> {
  protected readonly queueName = QueueName.CourseCreated;

  protected handle(payload: QueuePayloads[QueueName.CourseCreated]): Promise<never> {
    return Promise.reject(
      new PermanentJobError(
        `${this.queueName} cannot be processed by this build yet: ${JSON.stringify(payload)}`,
      ),
    );
  }
}
