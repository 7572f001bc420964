import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Strava's push subscription (one per Strava application): its id, stored when `npm run
 * strava:subscribe` created (or adopted) it after Strava verified our callback. Webhook events are
 * accepted only when they carry this id.
 */
export class StravaWebhookSubscription1765130000000 implements MigrationInterface {
  name = 'StravaWebhookSubscription1765130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE strava_webhook_subscriptions (
        client_id varchar(64) PRIMARY KEY,
        subscription_id bigint NOT NULL UNIQUE,
        callback_url text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE strava_webhook_subscriptions`);
  }
}
