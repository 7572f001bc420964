import { Processor } from '@nestjs/bullmq';
import { ExportsService } from '@runvs/exports';
import { type PayloadOf, QueueName, QueueProcessor } from '@runvs/queue';

/** Builds a runner's data export zip into private storage and tells them it is ready. */
@Processor(QueueName.DataExport)
export class DataExportProcessor extends QueueProcessor<typeof QueueName.DataExport> {
  protected readonly queueName = QueueName.DataExport;

  constructor(private readonly exports: ExportsService) {
    super();
  }

  protected handle(payload: PayloadOf<typeof QueueName.DataExport>): Promise<void> {
    return this.exports.build(payload.exportId);
  }

  protected override onFinalFailure(
    payload: PayloadOf<typeof QueueName.DataExport>,
    error: Error,
  ): Promise<void> {
    return this.exports.recordFailure(payload.exportId, error);
  }
}
