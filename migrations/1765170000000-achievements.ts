import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Achievements earned by runners (rules in libs/achievements/src/achievements.rules.ts). One row per
 * runner and achievement: the unique pair is what makes the pipeline award each exactly once.
 * `run_record_id` is the run that earned it (kept null when that run is deleted).
 */
export class Achievements1765170000000 implements MigrationInterface {
  name = 'Achievements1765170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE user_achievements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        code varchar(40) NOT NULL,
        earned_at timestamptz NOT NULL,
        run_record_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_user_achievements_user_code UNIQUE (user_id, code),
        CONSTRAINT fk_user_achievements_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_user_achievements_run FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE SET NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE user_achievements`);
  }
}
