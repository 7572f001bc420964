import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { OutboxService, QueueName } from '@runvs/queue';
import { StravaSubscriptionService } from './strava-subscription.service';
import { StravaRepository } from './strava.repository';

export interface StravaWebhookEvent {
  object_type: 'activity' | 'athlete';
  object_id: number;
  aspect_type: 'create' | 'update' | 'delete';
  owner_id: number;
  updates?: Record<string, unknown>;
  subscription_id?: number;
}

/**
 * Strava's push subscription callback: the handshake and event intake. The endpoint is public and
 * Strava signs nothing, so an event counts only when Strava is enabled and it carries our own
 * subscription id; destructive events are then confirmed against Strava by the job.
 */
@Injectable()
export class StravaWebhookService {
  private readonly logger = new Logger(StravaWebhookService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscriptions: StravaSubscriptionService,
    private readonly repository: StravaRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** GET /strava/webhook: the subscription handshake. */
  challenge(query: Record<string, unknown>): { 'hub.challenge': string } {
    const token = this.config.strava.webhookVerifyToken;
    if (query['hub.mode'] !== 'subscribe' || !token || query['hub.verify_token'] !== token) {
      throw new DomainError('FORBIDDEN', 'Unknown webhook verification request.');
    }
    const challenge = query['hub.challenge'];
    if (typeof challenge !== 'string' || challenge === '') {
      throw new DomainError('VALIDATION_ERROR', 'hub.challenge is required.', {
        fields: [{ field: 'hub.challenge', messages: ['hub.challenge is required'] }],
      });
    }
    return { 'hub.challenge': challenge };
  }

  /** POST /strava/webhook: turns an event into a job (answered at once; Strava waits 2 s at most). */
  async event(event: StravaWebhookEvent): Promise<void> {
    if (!(await this.subscriptions.isOurs(event.subscription_id))) {
      this.logger.warn(
        `Strava webhook event ignored: subscription ${String(event.subscription_id)} is not ours` +
          (this.config.strava.enabled ? '' : ' (Strava is disabled)'),
      );
      return;
    }
    if (event.object_type === 'athlete') {
      if (event.updates?.authorized === 'false') {
        await this.outbox.transaction(async (_manager, enqueue) => {
          await enqueue(QueueName.StravaSync, { kind: 'deauthorized', athleteId: event.owner_id });
        });
      }
      return;
    }
    const connection = await this.repository.byAthlete(event.owner_id);
    if (!connection) return; // not (or no longer) one of ours
    await this.outbox.transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.StravaSync, {
        kind: 'activity',
        userId: connection.userId,
        activityId: event.object_id,
        aspect: event.aspect_type,
      });
    });
  }
}
