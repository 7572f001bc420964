export {
  OAUTH_STATE_TTL_SECONDS,
  signOAuthState,
  verifyOAuthState,
  type OAuthStateCheck,
} from './oauth-state';
export {
  isStravaRun,
  STRAVA_RUN_SPORTS,
  streamsToPoints,
  type StravaStreams,
  type StravaSummaryActivity,
} from './strava-activities';
export {
  StravaClient,
  StravaHttpError,
  type StravaPushSubscription,
  StravaRateLimited,
} from './strava.client';
export { StravaModule } from './strava.module';
export {
  nextQuarterHour,
  nextUtcMidnight,
  parseRateLimitHeaders,
  parseRateLimits,
  rateLimitedUntil,
} from './strava-rate-limit';
export { DEFAULT_LIMITS, StravaRateBudget, type StravaUsage } from './strava-rate-budget';
export {
  STRAVA_SCOPES,
  StravaConnectionService,
  type StravaConnectionStatus,
} from './strava-connection.service';
export { StravaSubscriptionRepository } from './strava-subscription.repository';
export { StravaSubscriptionService, type SubscriptionOutcome } from './strava-subscription.service';
export {
  INITIAL_SYNC_ACTIVITIES,
  MAX_SYNC_ACTIVITIES,
  SYNC_PAGE_SIZE,
  type StravaSyncProgress,
  StravaSyncService,
} from './strava-sync.service';
export { type StravaActivityItem, StravaActivityListService } from './strava-activity-list.service';
export { BACKFILL_DAYS } from './strava-sync.rules';
export { type StravaWebhookEvent, StravaWebhookService } from './strava-webhook.service';
export { TokenCipher } from './token-cipher';
