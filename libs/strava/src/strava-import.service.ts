import { Injectable, Logger } from '@nestjs/common';
import { ImportPipelineService, ImportRejected } from '@runvs/imports';
import { isStravaRun, stravaTotals, type StravaSummaryActivity, streamsToPoints } from './strava-activities';
import { StravaRemovalService } from './strava-removal.service';
import { notARunReason, outcomeOfImport, type SyncOutcome } from './strava-sync.rules';
import { StravaUserApi } from './strava-user-api.service';
import { StravaHttpError } from './strava.client';
import { StravaRepository } from './strava.repository';

const NOT_AT_STRAVA = 'Strava has no such activity (deleted, or not visible with the access you granted).';

/**
 * One Strava activity at a time: imported through the shared import pipeline (streams for GPS;
 * same dedupe and course matching as files), or brought in line with Strava after a webhook.
 */
@Injectable()
export class StravaImportService {
  private readonly logger = new Logger(StravaImportService.name);

  constructor(
    private readonly userApi: StravaUserApi,
    private readonly repository: StravaRepository,
    private readonly removal: StravaRemovalService,
    private readonly pipeline: ImportPipelineService,
  ) {}

  /**
   * A webhook event (or POST /strava/sync of one activity), checked against Strava whatever its
   * aspect: only Strava's 404 removes a run; `update` applies title, sport type and privacy.
   */
  async syncActivity(
    userId: string,
    activityId: number,
    aspect: 'create' | 'update' | 'delete',
  ): Promise<SyncOutcome> {
    if (!(await this.repository.byUser(userId))) return 'skipped';
    const existing = await this.repository.importOf(userId, activityId);
    let activity: StravaSummaryActivity;
    try {
      activity = await this.userApi.getActivity(userId, activityId);
    } catch (error) {
      if (!(error instanceof StravaHttpError && error.status === 404)) throw error;
      if (existing?.status === 'pending') await this.pipeline.fail(existing.id, NOT_AT_STRAVA);
      else if (existing) await this.removal.removeImport(userId, existing);
      return 'failed';
    }
    if (!isStravaRun(activity)) {
      // Another sport (or changed to one): nothing of it stays.
      if (existing?.status === 'pending') await this.pipeline.fail(existing.id, notARunReason(activity));
      else if (existing) await this.removal.removeImport(userId, existing);
      return 'skipped';
    }
    if (existing && existing.status !== 'pending') {
      if (aspect === 'delete') this.logger.warn(`Strava activity ${activityId} still exists: delete ignored`);
      // Title, sport type and privacy follow Strava; the run itself stays private to its owner.
      await this.repository.updateImportMetadata(existing.id, activityMetadata(activity));
      return outcomeOfImport(existing);
    }
    return this.importActivity(userId, activity);
  }

  /** One Strava run → import row → the shared pipeline (dedupe, matching, run record). */
  async importActivity(userId: string, activity: StravaSummaryActivity): Promise<SyncOutcome> {
    const existing = await this.repository.importOf(userId, activity.id);
    if (existing && existing.status !== 'pending') return outcomeOfImport(existing);
    let streams;
    try {
      streams = await this.userApi.getStreams(userId, activity.id);
    } catch (error) {
      // Manual activities have no streams (404): imported as "no GPS" failures, like a treadmill file.
      if (!(error instanceof StravaHttpError && error.status === 404)) throw error;
      streams = {};
    }
    const metadata = activityMetadata(activity);
    const importId = existing
      ? (await this.repository.claimImport(existing.id, metadata))
        ? existing.id
        : null
      : await this.repository.startImport(userId, activity.id, metadata);
    if (!importId) {
      // Another job took it meanwhile.
      const now = await this.repository.importOf(userId, activity.id);
      return now ? outcomeOfImport(now) : 'skipped';
    }
    const points = streamsToPoints(activity.start_date, streams ?? {});
    try {
      const outcome = await this.pipeline.importTrack(
        { id: importId, userId },
        {
          sport: 'running',
          sportLabel: activity.sport_type ?? activity.type ?? null,
          sourceDevice: activity.device_name ?? `Strava/${activity.sport_type ?? activity.type ?? 'Run'}`,
          points,
          pauses: [],
          // What Strava shows for the activity is shown on the run; ours beside it.
          deviceSummary: stravaTotals(activity),
          deviceDurationKind: 'moving',
        },
        'strava',
      );
      if (outcome.status === 'completed') return outcome.duplicateOfRunId ? 'skipped' : 'imported';
      return outcome.status;
    } catch (error) {
      if (error instanceof ImportRejected) {
        await this.pipeline.fail(importId, error.reason);
        return 'failed';
      }
      await this.pipeline.fail(
        importId,
        `The Strava activity could not be imported: ${(error as Error).message}`,
      );
      throw error;
    }
  }
}

/** What an import keeps of its Strava activity (raw_metadata). */
function activityMetadata(activity: StravaSummaryActivity): Record<string, unknown> {
  return {
    name: activity.name ?? null,
    sport_type: activity.sport_type ?? activity.type ?? null,
    start_date: activity.start_date,
    distance: activity.distance ?? null,
    private: activity.private === true,
  };
}
