import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A banned runner's appeal: once per ban (the ban is told apart by when it started,
 * `users.banned_at`), answered by an admin — upheld, or lifted (which lifts the ban).
 */
export class BanAppeals1765040000300 implements MigrationInterface {
  name = 'BanAppeals1765040000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ban_appeals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        ban_started_at timestamptz NOT NULL,
        ban_reason varchar(500),
        ban_until timestamptz,
        message varchar(1000) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending',
        response varchar(1000),
        answered_by_id uuid,
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_ban_appeals_status CHECK (status IN ('pending', 'upheld', 'lifted')),
        CONSTRAINT chk_ban_appeals_answered CHECK ((status = 'pending') = (answered_at IS NULL)),
        CONSTRAINT fk_ban_appeals_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_ban_appeals_answered_by FOREIGN KEY (answered_by_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_ban_appeals_ban ON ban_appeals (user_id, ban_started_at)`,
    );
    await queryRunner.query(`CREATE INDEX ix_ban_appeals_status_created ON ban_appeals (status, created_at)`);
    await queryRunner.query(
      `CREATE TRIGGER trg_ban_appeals_updated_at BEFORE UPDATE ON ban_appeals
         FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ban_appeals`);
  }
}
