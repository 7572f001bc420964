import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the ranking stage did for a run (position, personal best, rank change, who it overtook),
 * read by the complete response, GET /runs/{id} and the notification stage. Plus an index for
 * the recovery list (a user's unfinished sessions).
 */
export class RunRankingOutcome1764100000000 implements MigrationInterface {
  name = 'RunRankingOutcome1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE run_records ADD COLUMN ranking_outcome jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE run_records DROP COLUMN ranking_outcome`);
  }
}
