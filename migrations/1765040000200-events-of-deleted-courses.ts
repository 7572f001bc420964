import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A course-bound event must never outlive its course by quietly becoming unbound: with
 * `ON DELETE SET NULL` a deleted course turned its events into "any run anywhere counts". The
 * foreign key now RESTRICTs, so a course can only be deleted after the events lib has dealt with
 * its events — cancelled (and their participants told) when still running, and in every case
 * detached with `course_deleted_at` set, which freezes their progress for good.
 * `cancel_reason` says why an event was cancelled: `cancelled` (its organiser or an admin) or
 * `course_deleted`.
 */
export class EventsOfDeletedCourses1765040000200 implements MigrationInterface {
  name = 'EventsOfDeletedCourses1765040000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE events ADD COLUMN cancel_reason varchar(20), ADD COLUMN course_deleted_at timestamptz`,
    );
    await queryRunner.query(`UPDATE events SET cancel_reason = 'cancelled' WHERE cancelled_at IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE events
         ADD CONSTRAINT chk_events_cancel_reason CHECK (cancel_reason IN ('cancelled', 'course_deleted')),
         ADD CONSTRAINT chk_events_course_deleted CHECK (course_deleted_at IS NULL OR course_id IS NULL)`,
    );
    await queryRunner.query(`ALTER TABLE events DROP CONSTRAINT fk_events_course`);
    await queryRunner.query(
      `ALTER TABLE events ADD CONSTRAINT fk_events_course
         FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE RESTRICT`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_events_course ON events (course_id) WHERE course_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_events_course`);
    await queryRunner.query(`ALTER TABLE events DROP CONSTRAINT fk_events_course`);
    await queryRunner.query(
      `ALTER TABLE events ADD CONSTRAINT fk_events_course
         FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE events DROP CONSTRAINT chk_events_course_deleted, DROP CONSTRAINT chk_events_cancel_reason`,
    );
    await queryRunner.query(`ALTER TABLE events DROP COLUMN course_deleted_at, DROP COLUMN cancel_reason`);
  }
}
