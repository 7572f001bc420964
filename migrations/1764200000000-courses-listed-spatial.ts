import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spatial indexes over listed courses only (public, not hidden), the set every map and "near me"
 * query reads:
 * - geography GiST on start_point: `ST_DWithin` radius filters and KNN `<->` ordering;
 * - geometry GiST on start_point::geometry: map viewports, which are lon/lat rectangles
 *   (`&& ST_MakeEnvelope`), not the great-circle-edged polygons a geography envelope would be.
 * The title search's trigram index (ix_courses_title_trgm) is in the initial schema.
 */
export class CoursesListedSpatial1764200000000 implements MigrationInterface {
  name = 'CoursesListedSpatial1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_courses_listed_start_point ON courses USING gist (start_point) WHERE is_public AND NOT is_hidden`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_courses_listed_start_geometry ON courses USING gist ((start_point::geometry))
        WHERE is_public AND NOT is_hidden`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_courses_listed_start_geometry`);
    await queryRunner.query(`DROP INDEX ix_courses_listed_start_point`);
  }
}
