import { Global, Module } from '@nestjs/common';
import { ACCOUNT_DELETION_HOOKS } from '@runvs/identity';
import { ImportsModule } from '@runvs/imports';
import { RunsModule } from '@runvs/runs';
import { StravaAccountDeletionHook } from './strava-account-deletion.hook';
import { StravaRateBudget } from './strava-rate-budget';
import { StravaClient } from './strava.client';
import { StravaRepository } from './strava.repository';
import { StravaActivityListService } from './strava-activity-list.service';
import { StravaConnectionService } from './strava-connection.service';
import { StravaImportService } from './strava-import.service';
import { StravaRemovalService } from './strava-removal.service';
import { StravaSubscriptionRepository } from './strava-subscription.repository';
import { StravaSubscriptionService } from './strava-subscription.service';
import { StravaSyncService } from './strava-sync.service';
import { StravaUserApi } from './strava-user-api.service';
import { StravaWebhookService } from './strava-webhook.service';

/**
 * Strava: OAuth, sync, webhooks, disconnect. Global so that its account-deletion hook reaches the
 * identity lib's AccountDeletionService (ACCOUNT_DELETION_HOOKS).
 */
@Global()
@Module({
  imports: [ImportsModule, RunsModule],
  providers: [
    StravaRateBudget,
    StravaClient,
    StravaRepository,
    StravaUserApi,
    StravaRemovalService,
    StravaImportService,
    StravaSyncService,
    StravaActivityListService,
    StravaConnectionService,
    StravaSubscriptionRepository,
    StravaSubscriptionService,
    StravaWebhookService,
    StravaAccountDeletionHook,
    {
      provide: ACCOUNT_DELETION_HOOKS,
      inject: [StravaAccountDeletionHook],
      useFactory: (strava: StravaAccountDeletionHook) => [strava],
    },
  ],
  exports: [
    StravaActivityListService,
    StravaConnectionService,
    StravaSubscriptionService,
    StravaWebhookService,
    StravaSyncService,
    ACCOUNT_DELETION_HOOKS,
  ],
})
export class StravaModule {}
