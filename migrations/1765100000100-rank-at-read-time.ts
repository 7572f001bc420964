import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A board position is read, not stored: `ranking_position(course, best, achieved_at, user)` = 1 +
 * the rows ahead in the board's order (best duration, earlier achievement, user id), an index
 * range count. The `rank` column, which every completion renumbered for the whole board under
 * the course's lock, goes.
 */
export class RankAtReadTime1765100000100 implements MigrationInterface {
  name = 'RankAtReadTime1765100000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_rankings_course_order`);
    await queryRunner.query(
      `CREATE INDEX ix_rankings_course_order ON rankings (course_id, best_duration_seconds, achieved_at, user_id)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION ranking_position(course uuid, best integer, achieved timestamptz, runner uuid)
      RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT count(*)::int + 1 FROM rankings t
         WHERE t.course_id = course AND (t.best_duration_seconds, t.achieved_at, t.user_id) < (best, achieved, runner)
      $$`);
    await queryRunner.query(`ALTER TABLE rankings DROP COLUMN rank`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE rankings ADD COLUMN rank integer`);
    await queryRunner.query(`
      UPDATE rankings k SET rank = o.position
        FROM (SELECT id, row_number() OVER (PARTITION BY course_id ORDER BY best_duration_seconds, achieved_at, user_id)::int AS position
                FROM rankings) o
       WHERE k.id = o.id`);
    await queryRunner.query(`DROP FUNCTION ranking_position(uuid, integer, timestamptz, uuid)`);
    await queryRunner.query(`DROP INDEX ix_rankings_course_order`);
    await queryRunner.query(
      `CREATE INDEX ix_rankings_course_order ON rankings (course_id, best_duration_seconds, achieved_at)`,
    );
  }
}
