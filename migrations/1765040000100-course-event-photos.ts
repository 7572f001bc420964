import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Photos on courses (up to 10) and a cover picture on events: URLs of the owner's own uploads
 * (POST /uploads/image, `stored_files` kind `image`), checked by the service when attached.
 */
export class CourseEventPhotos1765040000100 implements MigrationInterface {
  name = 'CourseEventPhotos1765040000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE courses ADD COLUMN photo_urls text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `ALTER TABLE courses ADD CONSTRAINT chk_courses_photo_count CHECK (cardinality(photo_urls) <= 10)`,
    );
    await queryRunner.query(`ALTER TABLE events ADD COLUMN image_url text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN image_url`);
    await queryRunner.query(`ALTER TABLE courses DROP COLUMN photo_urls`);
  }
}
