import { Processor } from '@nestjs/bullmq';
import { ImportPipelineService } from '@runvs/imports';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import type { Job } from 'bullmq';

/**
 * `activity-import`: parses an uploaded FIT/GPX/TCX file into a run (ImportPipelineService). An
 * unusable file ends the import as `failed` with its reason (the job itself succeeds); database or
 * storage trouble throws, and the job is retried.
 */
@Processor(QueueName.ActivityImport)
export class ActivityImportProcessor extends QueueProcessor<typeof QueueName.ActivityImport> {
  protected readonly queueName = QueueName.ActivityImport;

  constructor(private readonly pipeline: ImportPipelineService) {
    super();
  }

  protected handle(
    payload: PayloadOf<typeof QueueName.ActivityImport>,
    job: Job<PayloadOf<typeof QueueName.ActivityImport>>,
  ): Promise<unknown> {
    return this.pipeline.processFileImport(payload.importId, (percent) => job.updateProgress(percent));
  }

  /** A re-drive of a failed import: pending again, so the job claims it. */
  protected override onRedrive(payload: PayloadOf<typeof QueueName.ActivityImport>): Promise<void> {
    return this.pipeline.reopen(payload.importId);
  }

  /** Out of retries on a transient error: the user sees a failed import rather than one stuck in processing. */
  protected override async onFinalFailure(
    payload: PayloadOf<typeof QueueName.ActivityImport>,
    error: Error,
  ): Promise<void> {
    await this.pipeline.fail(payload.importId, `The import could not be processed: ${error.message}`);
  }
}
