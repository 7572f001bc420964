import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type PayloadOf } from '@runvs/queue';
import { RankingsService } from '@runvs/runs';

/** Rebuilds a course's leaderboard and stats from its runs (account deletion, moderation, course edits). */
@Processor(QueueName.RankingRecalc)
export class RankingRecalcProcessor extends QueueProcessor<typeof QueueName.RankingRecalc> {
  protected readonly queueName = QueueName.RankingRecalc;

  constructor(private readonly rankings: RankingsService) {
    super();
  }

  protected async handle(payload: PayloadOf<typeof QueueName.RankingRecalc>): Promise<void> {
    this.logger.log(`rebuilding the leaderboard of course ${payload.courseId} (${payload.reason})`);
    await this.rankings.rebuildCourse(payload.courseId);
  }
}
