import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refresh-token family is a session, and access tokens name it (`sid`):
 * - `revoked_reason` says why a token stopped working; `logout` and `reuse` end the whole session
 *   (its access tokens are refused at once), while `rotated` and `ban` do not;
 * - `replacement_sealed` keeps the pair a rotation handed out, encrypted under a key only the
 *   holder of the rotated token can derive, so a second refresh inside the grace window gets the
 *   same pair back instead of a new one;
 * - sessions are looked up by family (the auth state's database fallback, "log out everywhere").
 */
export class RefreshTokenSessions1765020000000 implements MigrationInterface {
  name = 'RefreshTokenSessions1765020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE refresh_tokens ADD COLUMN revoked_reason varchar(16)`);
    await queryRunner.query(
      `ALTER TABLE refresh_tokens ADD CONSTRAINT chk_refresh_tokens_revoked_reason
         CHECK (revoked_reason IN ('rotated', 'logout', 'reuse', 'ban'))`,
    );
    await queryRunner.query(`ALTER TABLE refresh_tokens ADD COLUMN replacement_sealed bytea`);
    await queryRunner.query(`CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_refresh_tokens_family`);
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP COLUMN replacement_sealed`);
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT chk_refresh_tokens_revoked_reason`);
    await queryRunner.query(`ALTER TABLE refresh_tokens DROP COLUMN revoked_reason`);
  }
}
