import { Processor } from '@nestjs/bullmq';
import { QueueName, QueueProcessor, type QueuePayloads } from '@runvs/queue';
import { RankingsService } from '@runvs/runs';

/** Rebuilds a course's leaderboard and stats from its runs (account deletion, moderation, course edits). */
@Processor(QueueName.RankingRecalc)
export class RankingRecalcProcessor extends QueueProcessor<QueueName.RankingRecalc> {
  protected readonly queueName = QueueName.RankingRecalc;

  constructor(private readonly rankings: RankingsService) {
    super();
  }

  protected async handle(payload: QueuePayloads[QueueName.RankingRecalc]): Promise<void> {
    this.logger.log(`rebuilding the leaderboard of course ${payload.courseId} (${payload.reason})`);
    await this.rankings.rebuildCourse(payload.courseId);
  }
}
