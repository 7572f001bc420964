import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** strava_webhook_subscriptions: our push subscription's id, one row per Strava application. */
@Injectable()
export class StravaSubscriptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async idOf(clientId: string): Promise<number | null> {
    const [row] = (await this.dataSource.query(
      `SELECT subscription_id::text AS id FROM strava_webhook_subscriptions WHERE client_id = $1`,
      [clientId],
    )) as Array<{ id: string }>;
    return row ? Number(row.id) : null;
  }

  async save(clientId: string, subscriptionId: number, callbackUrl: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO strava_webhook_subscriptions (client_id, subscription_id, callback_url)
       VALUES ($1, $2, $3)
       ON CONFLICT (client_id) DO UPDATE SET subscription_id = EXCLUDED.subscription_id,
         callback_url = EXCLUDED.callback_url, updated_at = now()`,
      [clientId, subscriptionId, callbackUrl],
    );
  }

  async remove(clientId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM strava_webhook_subscriptions WHERE client_id = $1`, [clientId]);
  }
}
