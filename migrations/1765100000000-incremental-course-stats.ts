import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The run pipeline counts each run into course_stats as an increment instead of recounting the
 * course's runs: the exact average needs the sum of the counted durations, kept beside it, and
 * "is this runner new on the course" is an index probe on (course, runner).
 */
export class IncrementalCourseStats1765100000000 implements MigrationInterface {
  name = 'IncrementalCourseStats1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE course_stats ADD COLUMN sum_duration_seconds bigint NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`
      UPDATE course_stats cs SET sum_duration_seconds = s.total
        FROM (SELECT course_id, sum(duration_seconds)::bigint AS total FROM run_records
               WHERE course_id IS NOT NULL AND course_stats_at IS NOT NULL AND course_completed AND NOT is_flagged
               GROUP BY course_id) s
       WHERE cs.course_id = s.course_id`);
    await queryRunner.query(
      `CREATE INDEX ix_run_records_course_runner ON run_records (course_id, user_id) WHERE course_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_run_records_course_runner`);
    await queryRunner.query(`ALTER TABLE course_stats DROP COLUMN sum_duration_seconds`);
  }
}
