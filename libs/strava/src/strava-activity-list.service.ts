import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { PermanentJobError } from '@runvs/queue';
import { isStravaRun, type StravaSummaryActivity } from './strava-activities';
import { assertStravaEnabled } from './strava-enabled';
import { type ActivityImportView, importView } from './strava-sync.rules';
import { StravaUserApi } from './strava-user-api.service';
import { StravaHttpError, StravaRateLimited } from './strava.client';
import { StravaRepository } from './strava.repository';

/** GET /strava/activities: one of the athlete's Strava runs and what became of it here. */
export interface StravaActivityItem extends ActivityImportView {
  id: number;
  name: string | null;
  sport_type: string | null;
  start_date: string;
  distance: number | null;
  moving_time: number | null;
  total_elevation_gain: number | null;
  private: boolean;
}

/**
 * The athlete's recent Strava runs, read live from Strava (one page per call, paged by time:
 * `before_ts` = the start of the last one seen) and joined to our imports.
 */
@Injectable()
export class StravaActivityListService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly userApi: StravaUserApi,
    private readonly repository: StravaRepository,
  ) {}

  async list(
    userId: string,
    query: { perPage: number; afterTs?: number; beforeTs?: number },
  ): Promise<StravaActivityItem[]> {
    assertStravaEnabled(this.config);
    if (!(await this.repository.byUser(userId))) {
      throw new DomainError('STRAVA_NOT_CONNECTED', 'Strava not connected');
    }
    let activities: StravaSummaryActivity[];
    try {
      activities = await this.userApi.listActivities(userId, {
        perPage: query.perPage,
        page: 1,
        after: query.afterTs,
        before: query.beforeTs,
      });
    } catch (error) {
      throw asRequestError(error);
    }
    const runs = (Array.isArray(activities) ? activities : []).filter(isStravaRun);
    const imports = await this.repository.importsOf(
      userId,
      runs.map((a) => a.id),
    );
    return runs.map((a) => ({
      id: a.id,
      name: a.name ?? null,
      sport_type: a.sport_type ?? a.type ?? null,
      start_date: a.start_date,
      distance: a.distance ?? null,
      moving_time: a.moving_time ?? null,
      total_elevation_gain: a.total_elevation_gain ?? null,
      private: a.private === true,
      ...importView(imports.get(a.id)),
    }));
  }
}

/** A Strava failure during a request, as the contract's error. */
function asRequestError(error: unknown): unknown {
  if (error instanceof StravaRateLimited) {
    return new DomainError(
      'RATE_LIMITED',
      `Strava's request budget is spent until ${new Date(error.until).toISOString()}; try again then.`,
    );
  }
  if (error instanceof PermanentJobError) {
    return new DomainError('STRAVA_NOT_CONNECTED', `${error.message}.`);
  }
  if (error instanceof StravaHttpError) {
    return new DomainError('STRAVA_API_ERROR', `Strava API error: ${error.message}`);
  }
  return error;
}
