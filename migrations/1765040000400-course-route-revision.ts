import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many times a course's line was corrected (PATCH /courses/{id}/route): each correction has
 * its own re-judging job (`course-rejudge`, deduplicated per revision) and notifications.
 */
export class CourseRouteRevision1765040000400 implements MigrationInterface {
  name = 'CourseRouteRevision1765040000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE courses ADD COLUMN route_revision integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE courses DROP COLUMN route_revision`);
  }
}
