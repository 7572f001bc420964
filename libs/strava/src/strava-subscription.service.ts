import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { assertStravaEnabled } from './strava-enabled';
import { StravaSubscriptionRepository } from './strava-subscription.repository';
import { StravaClient } from './strava.client';

export interface SubscriptionOutcome {
  outcome: 'created' | 'adopted' | 'replaced';
  id: number;
  callback_url: string;
}

/**
 * Our webhook subscription at Strava (one per application). `subscribe` creates it (Strava verifies
 * the callback with the hub.challenge handshake, which our api must answer, before it answers) or
 * adopts the one that already points at our callback, and stores its id: the webhook intake
 * accepts only events carrying that id.
 */
@Injectable()
export class StravaSubscriptionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: StravaClient,
    private readonly repository: StravaSubscriptionRepository,
  ) {}

  /** `${PUBLIC_BASE_URL}/api/v1/strava/webhook`, where Strava posts events. */
  defaultCallbackUrl(): string {
    return `${this.config.app.publicBaseUrl.replace(/\/+$/, '')}/api/v1/strava/webhook`;
  }

  async subscribe(options: { callbackUrl?: string; replace?: boolean } = {}): Promise<SubscriptionOutcome> {
    assertStravaEnabled(this.config);
    const clientId = this.config.strava.clientId!;
    const callbackUrl = options.callbackUrl ?? this.defaultCallbackUrl();
    const [existing] = await this.client.listSubscriptions();
    let outcome: SubscriptionOutcome['outcome'] = 'created';
    if (existing && existing.callback_url === callbackUrl) {
      await this.repository.save(clientId, existing.id, callbackUrl);
      return { outcome: 'adopted', id: existing.id, callback_url: callbackUrl };
    }
    if (existing) {
      if (!options.replace) {
        throw new DomainError(
          'CONFLICT',
          `This Strava application is already subscribed with callback ${existing.callback_url} (id ${existing.id}); ` +
            'run again with --replace to move the subscription to this server.',
        );
      }
      await this.client.deleteSubscription(existing.id);
      outcome = 'replaced';
    }
    const created = await this.client.createSubscription(callbackUrl, this.config.strava.webhookVerifyToken!);
    await this.repository.save(clientId, created.id, callbackUrl);
    return { outcome, id: created.id, callback_url: callbackUrl };
  }

  /** Deletes the subscription at Strava and forgets its id: every later event is refused. */
  async unsubscribe(): Promise<number | null> {
    assertStravaEnabled(this.config);
    const clientId = this.config.strava.clientId!;
    const [existing] = await this.client.listSubscriptions();
    if (existing) await this.client.deleteSubscription(existing.id);
    await this.repository.remove(clientId);
    return existing?.id ?? null;
  }

  /** Whether an event carrying `subscriptionId` comes through our own subscription. */
  async isOurs(subscriptionId: number | undefined): Promise<boolean> {
    if (!this.config.strava.enabled || typeof subscriptionId !== 'number') return false;
    const ours = await this.repository.idOf(this.config.strava.clientId!);
    return ours !== null && ours === subscriptionId;
  }
}
