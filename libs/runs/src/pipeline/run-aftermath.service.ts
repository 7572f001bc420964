import { Injectable } from '@nestjs/common';
import { AchievementsService } from '@runvs/achievements';
import { DistanceBoardsService } from '@runvs/distance-boards';

/**
 * What follows a run being counted or deleted outside the pipeline's own stages — the one place
 * the "beyond" features (distance boards, achievements) hook into the run lifecycle. Each call is
 * idempotent (recomputed from Postgres, awards guarded by a unique key), so it runs after the
 * commit, and again on every retry.
 */
@Injectable()
export class RunAftermathService {
  constructor(
    private readonly distanceBoards: DistanceBoardsService,
    private readonly achievements: AchievementsService,
  ) {}

  /** After the pipeline committed every stage of the run. */
  async afterRunCounted(run: { id: string; user_id: string; finished_at: Date }): Promise<void> {
    await this.distanceBoards.refreshRunner(run.user_id, run.finished_at);
    await this.achievements.awardAfterRun(run);
  }

  /** After a deletion of the run committed. */
  async afterRunDeleted(run: { user_id: string; finished_at: Date }): Promise<void> {
    await this.afterRunUncounted(run);
  }

  /** After the run stopped counting (deleted, or an admin confirmed its flag): what it earned goes. */
  async afterRunUncounted(run: { user_id: string; finished_at: Date }): Promise<void> {
    await this.distanceBoards.refreshRunner(run.user_id, run.finished_at);
    await this.achievements.takeBackAfterDeletion(run.user_id);
  }
}
