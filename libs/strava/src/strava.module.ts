import { Global, Module } from '@nestjs/common';
import { ACCOUNT_DELETION_HOOKS } from '@runvs/identity';
import { ImportsModule } from '@runvs/imports';
import { RunsModule } from '@runvs/runs';
import { StravaAccountDeletionHook } from './strava-account-deletion.hook';
import { StravaClient } from './strava.client';
import { StravaRepository } from './strava.repository';
import { StravaService } from './strava.service';

/**
 * Strava: OAuth, sync, webhooks, disconnect. Global so that its account-deletion hook reaches the
 * identity lib's AccountDeletionService (ACCOUNT_DELETION_HOOKS).
 */
@Global()
@Module({
  imports: [ImportsModule, RunsModule],
  providers: [
    StravaClient,
    StravaRepository,
    StravaService,
    StravaAccountDeletionHook,
    {
      provide: ACCOUNT_DELETION_HOOKS,
      inject: [StravaAccountDeletionHook],
      useFactory: (strava: StravaAccountDeletionHook) => [strava],
    },
  ],
  exports: [StravaService, ACCOUNT_DELETION_HOOKS],
})
export class StravaModule {}
