import { Processor } from '@nestjs/bullmq';
import { PrivacyRerenderService } from '@runvs/privacy';
import { type PayloadOf, QueueName, QueueProcessor } from '@runvs/queue';

/** After a runner's privacy zones changed: rewrites the heatmap samples of the runs they touch. */
@Processor(QueueName.PrivacyRerender)
export class PrivacyRerenderProcessor extends QueueProcessor<typeof QueueName.PrivacyRerender> {
  protected readonly queueName = QueueName.PrivacyRerender;

  constructor(private readonly rerender: PrivacyRerenderService) {
    super();
  }

  protected async handle(payload: PayloadOf<typeof QueueName.PrivacyRerender>): Promise<void> {
    await this.rerender.rerender(payload.userId, payload.previousZones);
  }
}
