import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Friends by request (mutual, beside one-way follows). A row is a pending request or, once
 * accepted, the friendship itself; declining, cancelling and unfriending delete it. At most one
 * row per pair of users whichever way it was sent (the unordered-pair unique index), so crossing
 * requests and duplicates are decided on that one row.
 */
export class FriendRequests1765040000000 implements MigrationInterface {
  name = 'FriendRequests1765040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE friend_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requester_id uuid NOT NULL,
        recipient_id uuid NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending',
        accepted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_friend_requests_status CHECK (status IN ('pending', 'accepted')),
        CONSTRAINT chk_friend_requests_not_self CHECK (requester_id <> recipient_id),
        CONSTRAINT chk_friend_requests_accepted_at CHECK ((status = 'accepted') = (accepted_at IS NOT NULL)),
        CONSTRAINT fk_friend_requests_requester FOREIGN KEY (requester_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_friend_requests_recipient FOREIGN KEY (recipient_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_friend_requests_pair
         ON friend_requests (LEAST(requester_id, recipient_id), GREATEST(requester_id, recipient_id))`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_friend_requests_recipient ON friend_requests (recipient_id, status, created_at DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_friend_requests_requester ON friend_requests (requester_id, status, created_at DESC)`,
    );
    await queryRunner.query(
      `CREATE TRIGGER trg_friend_requests_updated_at BEFORE UPDATE ON friend_requests
         FOR EACH ROW EXECUTE FUNCTION set_updated_at()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE friend_requests`);
  }
}
