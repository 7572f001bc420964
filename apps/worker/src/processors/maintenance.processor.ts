import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';
import { MaintenanceService } from '../maintenance/maintenance.service';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends QueueProcessor<QueueName.Maintenance> {
  protected readonly queueName = QueueName.Maintenance;

  constructor(private readonly maintenance: MaintenanceService) {
    super();
  }

  protected handle(payload: QueuePayloads[QueueName.Maintenance]): Promise<number> {
    return this.maintenance.run(payload.task);
  }
}
