import type { MigrationInterface, QueryRunner } from 'typeorm';

/** PostGIS for geography columns, pg_trgm for title/nickname search. */
export class EnableExtensions1763800000000 implements MigrationInterface {
  name = 'EnableExtensions1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS postgis`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS postgis`);
  }
}
