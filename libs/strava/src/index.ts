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
export { StravaClient, StravaHttpError, StravaRateLimited } from './strava.client';
export { StravaModule } from './strava.module';
export { nextQuarterHour, nextUtcMidnight, parseRateLimits, rateLimitedUntil } from './strava-rate-limit';
export {
  INITIAL_SYNC_ACTIVITIES,
  MAX_SYNC_ACTIVITIES,
  STRAVA_SCOPES,
  type StravaConnectionStatus,
  StravaService,
  type StravaWebhookEvent,
} from './strava.service';
export { TokenCipher } from './token-cipher';
