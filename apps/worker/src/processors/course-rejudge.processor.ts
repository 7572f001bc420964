import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import { CourseRejudgeService } from '@runvs/runs';

/** Re-judges every effort on a course whose line was corrected, then rebuilds its board and stats. */
@Processor(QueueName.CourseRejudge)
export class CourseRejudgeProcessor extends QueueProcessor<typeof QueueName.CourseRejudge> {
  protected readonly queueName = QueueName.CourseRejudge;

  constructor(private readonly rejudging: CourseRejudgeService) {
    super();
  }

  protected async handle(payload: PayloadOf<typeof QueueName.CourseRejudge>): Promise<void> {
    await this.rejudging.rejudge(payload.courseId, payload.revision);
  }
}
