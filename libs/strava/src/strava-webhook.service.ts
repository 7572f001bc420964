import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { OutboxService, QueueName } from '@runvs/queue';
import { StravaRepository } from './strava.repository';

export interface StravaWebhookEvent {
  object_type: 'activity' | 'athlete';
  object_id: number;
  aspect_type: 'create' | 'update' | 'delete';
  owner_id: number;
  updates?: Record<string, unknown>;
}

/** Strava's push subscription callback: the handshake and event intake (each event becomes a job). */
@Injectable()
export class StravaWebhookService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
