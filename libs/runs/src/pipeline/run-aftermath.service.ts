import { Injectable } from '@nestjs/common';
import { DistanceBoardsService } from '@runvs/distance-boards';

/**
 * What follows a run being counted or deleted outside the pipeline's own stages — the one place
 * the "beyond" features (distance boards; achievements next) hook into the run lifecycle. Each
 * call is idempotent (absolute values re-read from Postgres), so it runs after the commit, again
 * on every retry.
 */
@Injectable()
export class RunAftermathService {
  constructor(private readonly distanceBoards: DistanceBoardsService) {}

  /** After the pipeline committed the runner's totals for the run. */
  async afterRunCounted(run: { user_id: string; finished_at: Date }): Promise<void> {
    await this.distanceBoards.refreshRunner(run.user_id, run.finished_at);
  }

  /** After a deletion of the run committed. */
  async afterRunDeleted(run: { user_id: string; finished_at: Date }): Promise<void> {
    await this.distanceBoards.refreshRunner(run.user_id, run.finished_at);
  }
}
