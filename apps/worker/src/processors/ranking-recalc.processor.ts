import { Processor } from '@nestjs/bullmq';
import { PermanentJobError, QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';

/** Placeholder consumer until leaderboard recalculation lands (issue #5): jobs are refused and recorded, never lost silently. */
@Processor(QueueName.RankingRecalc)
export class RankingRecalcProcessor extends QueueProcessor<QueueName.RankingRecalc> {
  protected readonly queueName = QueueName.RankingRecalc;

  protected handle(payload: QueuePayloads[QueueName.RankingRecalc]): Promise<never> {
    return Promise.reject(
      new PermanentJobError(
        `${this.queueName} cannot be processed by this build yet: ${JSON.stringify(payload)}`,
      ),
    );
  }
}
