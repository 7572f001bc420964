import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Privacy zones: up to 5 circles per runner (centre + radius 100–1,000 m) inside which their runs
 * are cut out of every view other people get (follower run detail, feed previews, heatmap, ghost).
 * `position` keeps the runner's order; the list is always replaced whole.
 */
export class PrivacyZones1765070000000 implements MigrationInterface {
  name = 'PrivacyZones1765070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE privacy_zones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        position smallint NOT NULL,
        center geography(Point, 4326) NOT NULL,
        radius_meters integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_privacy_zones_radius CHECK (radius_meters BETWEEN 100 AND 1000),
        CONSTRAINT chk_privacy_zones_position CHECK (position BETWEEN 0 AND 4),
        CONSTRAINT uq_privacy_zones_user_position UNIQUE (user_id, position),
        CONSTRAINT fk_privacy_zones_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_privacy_zones_center ON privacy_zones USING gist (center)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE privacy_zones`);
  }
}
