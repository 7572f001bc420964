import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from '../column-types';

/** Our Strava push subscription, one per Strava application (written by libs/strava). */
@Entity('strava_webhook_subscriptions')
export class StravaWebhookSubscriptionEntity {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 64 }) clientId!: string;
  @Column({ name: 'subscription_id', type: 'bigint', transformer: bigintAsNumber }) subscriptionId!: number;
  @Column({ name: 'callback_url', type: 'text' }) callbackUrl!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
