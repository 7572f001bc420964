import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import { RunPipelineService } from '@runvs/runs';

/**
 * The run-completion pipeline: matching → ranking → course stats → user totals → events →
 * heatmap. Stages are idempotent and resume where a failed attempt stopped; BullMQ retries with
 * exponential backoff, and a final failure is recorded on the run (pipeline_failed_at/error) and
 * in job_failures.
 */
@Processor(QueueName.RunCompletion)
export class RunCompletionProcessor extends QueueProcessor<typeof QueueName.RunCompletion> {
  protected readonly queueName = QueueName.RunCompletion;

  constructor(private readonly pipeline: RunPipelineService) {
    super();
  }

  protected handle(payload: PayloadOf<typeof QueueName.RunCompletion>): Promise<void> {
    return this.pipeline.process(payload.runRecordId);
  }

  protected override onFinalFailure(
    payload: PayloadOf<typeof QueueName.RunCompletion>,
    error: Error,
  ): Promise<void> {
    return this.pipeline.recordFailure(payload.runRecordId, error);
  }
}
