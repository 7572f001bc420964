import { DomainError } from '@runvs/common';
import type { AppConfig } from '@runvs/config';

/** Every Strava entry point answers FEATURE_DISABLED while STRAVA_ENABLED is off. */
export function assertStravaEnabled(config: AppConfig): void {
  if (!config.strava.enabled) {
    throw new DomainError('FEATURE_DISABLED', 'The Strava integration is not enabled on this server.');
  }
}
