import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ghost a live run races (`me`, `leader` or a user id), chosen when the session starts or
 * completes; the complete answer and the run detail compare the run with it.
 */
export class RunSessionGhost1765240000000 implements MigrationInterface {
  name = 'RunSessionGhost1765240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE run_sessions ADD COLUMN ghost_of varchar(36)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE run_sessions DROP COLUMN ghost_of`);
  }
}
