import { Processor } from '@nestjs/bullmq';
import { CourseThumbnailService } from '@runvs/courses';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import type { Job } from 'bullmq';

type CourseCreatedPayload = PayloadOf<typeof QueueName.CourseCreated>;

/**
 * A new course's thumbnail (Mapbox static image with a token, else drawn locally). Retried with
 * backoff; the last attempt falls back to the local drawing, and a final failure only marks the
 * thumbnail failed: the course itself is usable from the moment it was created.
 */
@Processor(QueueName.CourseCreated)
export class CourseCreatedProcessor extends QueueProcessor<typeof QueueName.CourseCreated> {
  protected readonly queueName = QueueName.CourseCreated;

  constructor(private readonly thumbnails: CourseThumbnailService) {
    super();
  }

  protected handle(payload: CourseCreatedPayload, job: Job<CourseCreatedPayload>): Promise<unknown> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.thumbnails.render(payload.courseId, { finalAttempt });
  }

  protected override onFinalFailure(payload: CourseCreatedPayload, error: Error): Promise<void> {
    return this.thumbnails.markFailed(payload.courseId, error);
  }
}
