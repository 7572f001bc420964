import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import { RunNoticesService } from '@runvs/runs';

/** A counted run's notices ("new personal best", "someone passed you"), after the pipeline's commit. */
@Processor(QueueName.RunNotices)
export class RunNoticesProcessor extends QueueProcessor<typeof QueueName.RunNotices> {
  protected readonly queueName = QueueName.RunNotices;

  constructor(private readonly notices: RunNoticesService) {
    super();
  }

  protected handle(payload: PayloadOf<typeof QueueName.RunNotices>): Promise<void> {
    return this.notices.process(payload.runRecordId);
  }
}
