import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import { MaintenanceService } from '../maintenance/maintenance.service';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends QueueProcessor<typeof QueueName.Maintenance> {
  protected readonly queueName = QueueName.Maintenance;

  constructor(private readonly maintenance: MaintenanceService) {
    super();
  }

  protected handle(payload: PayloadOf<typeof QueueName.Maintenance>): Promise<number> {
    return this.maintenance.run(payload.task);
  }
}
