import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import {
  type Enqueue,
  OutboxService,
  PermanentJobError,
  QueueName,
  type StravaSyncPayload,
} from '@runvs/queue';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isStravaRun } from './strava-activities';
import { assertStravaEnabled } from './strava-enabled';
import { StravaImportService } from './strava-import.service';
import { StravaRemovalService } from './strava-removal.service';
import type { SyncOutcome } from './strava-sync.rules';
import type { SyncCounts, SyncState } from './strava.repository';
import { StravaUserApi } from './strava-user-api.service';
import { StravaRateLimited } from './strava.client';
import { StravaRepository } from './strava.repository';

/** Recent activities synced by the legacy `initial-sync` job (§11). */
export const INITIAL_SYNC_ACTIVITIES = 20;
export const MAX_SYNC_ACTIVITIES = 200;
/** Activities per Strava page while syncing; progress is saved after each page. */
export const SYNC_PAGE_SIZE = 50;

/** GET /strava/status `sync`: the current (or last) sync of the connection. */
export interface StravaSyncProgress {
  id: string;
  status: SyncState['status'];
  since: string | null;
  selected: number | null;
  processed: number;
  imported: number;
  skipped: number;
  failed: number;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  rate_limited_until: string | null;
}

export function syncProgressView(state: SyncState | null): StravaSyncProgress | null {
  if (!state?.syncId) return null;
  return {
    id: state.syncId,
    status: state.status,
    since: state.since?.toISOString() ?? null,
    selected: state.activityIds?.length ?? null,
    processed: state.processed,
    imported: state.imported,
    skipped: state.skipped,
    failed: state.failed,
    started_at: state.startedAt?.toISOString() ?? null,
    finished_at: state.finishedAt?.toISOString() ?? null,
    error: state.error,
    rate_limited_until:
      state.rateLimitedUntil && state.rateLimitedUntil.getTime() > Date.now()
        ? state.rateLimitedUntil.toISOString()
        : null,
  };
}

/**
 * Syncs: the `strava-sync` job (syncs of a selection or of everything since a date, with their
 * progress on the connection so a restarted worker resumes them; webhook-driven activity changes;
 * deauthorizations; revocations). A spent Strava rate limit puts the job back, delayed until the
 * window resets.
 */
@Injectable()
export class StravaSyncService {
  private readonly logger = new Logger(StravaSyncService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly userApi: StravaUserApi,
    private readonly repository: StravaRepository,
    private readonly imports: StravaImportService,
    private readonly removal: StravaRemovalService,
    private readonly outbox: OutboxService,
  ) {}

  async syncAll(
    userId: string,
    maxActivities: number,
  ): Promise<{ import_id: string; status: 'accepted'; message: string }> {
    assertStravaEnabled(this.config);
    await this.outbox.transaction(async (manager, enqueue) => {
      if (!(await this.repository.byUser(userId, manager))) {
        throw new DomainError('STRAVA_NOT_CONNECTED', 'Strava not connected');
      }
      await enqueue(QueueName.StravaSync, { kind: 'full-sync', userId, maxActivities });
    });
    return {
      import_id: '',
      status: 'accepted',
      message: `Bulk sync of up to ${maxActivities} recent activities queued.`,
    };
  }

  /** POST /strava/sync of one activity (contract §12): its import row now, the import by the worker. */
  async syncOne(
    userId: string,
    activityId: number,
  ): Promise<{ import_id: string; status: 'pending'; message: string }> {
    assertStravaEnabled(this.config);
    const importId = await this.outbox.transaction(async (manager, enqueue) => {
      if (!(await this.repository.byUser(userId, manager, true))) {
        throw new DomainError('STRAVA_NOT_CONNECTED', 'Strava not connected');
      }
      const id = await this.repository.pendingImport(manager, userId, activityId);
      if (!id) throw new DomainError('CONFLICT', 'This Strava activity is already imported.');
      await enqueue(QueueName.StravaSync, { kind: 'activity', userId, activityId, aspect: 'create' });
      return id;
    });
    return {
      import_id: importId,
      status: 'pending',
      message: `Strava activity ${activityId} queued for import.`,
    };
  }

  /** POST /strava/sync of a selection or of everything since a date: replaces a sync under way. */
  async syncMany(
    userId: string,
    input: { activityIds?: number[]; since?: Date },
  ): Promise<{ status: 'accepted'; sync: StravaSyncProgress }> {
    assertStravaEnabled(this.config);
    if (input.since && input.since.getTime() > Date.now()) {
      throw new DomainError('VALIDATION_ERROR', 'since must not be in the future.', {
        fields: [{ field: 'since', messages: ['since must not be in the future'] }],
      });
    }
    await this.outbox.transaction(async (manager, enqueue) => {
      if (!(await this.repository.byUser(userId, manager, true))) {
        throw new DomainError('STRAVA_NOT_CONNECTED', 'Strava not connected');
      }
      await this.startSync(manager, enqueue, userId, {
        since: input.since ?? null,
        activityIds: input.activityIds ? [...new Set(input.activityIds)] : null,
      });
    });
    return { status: 'accepted', sync: syncProgressView(await this.repository.syncState(userId))! };
  }

  /** Writes a new sync on the connection and its job, in the caller's transaction. */
  async startSync(
    manager: EntityManager,
    enqueue: Enqueue,
    userId: string,
    sync: { since: Date | null; activityIds: number[] | null },
  ): Promise<void> {
    const syncId = randomUUID();
    await this.repository.startSync(manager, userId, { syncId, ...sync });
    await enqueue(
      QueueName.StravaSync,
      { kind: 'sync', userId, syncId },
      { jobId: `${QueueName.StravaSync}_${syncId}` },
    );
  }

  /** The `strava-sync` job. */
  async handleJob(payload: StravaSyncPayload): Promise<void> {
    try {
      switch (payload.kind) {
        case 'sync':
          return await this.runSync(payload.userId, payload.syncId);
        case 'initial-sync':
          return await this.syncRecent(payload.userId, INITIAL_SYNC_ACTIVITIES);
        case 'full-sync':
          return await this.syncRecent(payload.userId, Math.min(MAX_SYNC_ACTIVITIES, payload.maxActivities));
        case 'activity':
          await this.imports.syncActivity(payload.userId, payload.activityId, payload.aspect);
          await this.repository.markSynced(payload.userId);
          return;
        case 'deauthorized':
          return await this.confirmDeauthorization(payload.athleteId);
        case 'deauthorize':
          return await this.userApi.revoke(payload.accessTokenEncrypted, payload.refreshTokenEncrypted);
      }
    } catch (error) {
      if (payload.kind === 'sync' && error instanceof PermanentJobError) {
        await this.repository.setSyncStatus(payload.userId, payload.syncId, 'failed', error.message);
      }
      if (!(error instanceof StravaRateLimited)) throw error;
      const userId = 'userId' in payload ? payload.userId : null;
      if (userId) await this.repository.markRateLimited(userId, new Date(error.until));
      if (payload.kind === 'sync')
        await this.repository.setSyncStatus(payload.userId, payload.syncId, 'waiting');
      this.logger.warn(`strava-sync ${payload.kind} delayed: ${error.message}`);
      await this.outbox.transaction(async (_manager, enqueue) => {
        await enqueue(QueueName.StravaSync, payload, {
          delayMs: Math.max(1_000, error.until - Date.now()),
          ...(payload.kind === 'sync'
            ? { jobId: `${QueueName.StravaSync}_${payload.syncId}_${error.until}` }
            : {}),
        });
      });
    }
  }

  /**
   * Runs sync `syncId` from where its progress says (a restarted or rescheduled job resumes there),
   * saving progress after each page (or each selected activity); stops when a newer sync replaced it.
   */
  private async runSync(userId: string, syncId: string): Promise<void> {
    const state = await this.repository.syncState(userId);
    if (!state || state.syncId !== syncId || state.status === 'completed' || state.status === 'failed')
      return;
    await this.repository.setSyncStatus(userId, syncId, 'running');
    if (state.activityIds) {
      for (let i = state.next; i < state.activityIds.length; i++) {
        const outcome = await this.imports.syncActivity(userId, state.activityIds[i], 'create');
        if (!(await this.repository.advanceSync(userId, syncId, i + 1, countOf([outcome])))) return;
      }
    } else {
      const after = state.since ? Math.floor(state.since.getTime() / 1000) : undefined;
      for (let page = state.next + 1; ; page++) {
        const activities = await this.userApi.listActivities(userId, {
          perPage: SYNC_PAGE_SIZE,
          page,
          after,
        });
        if (!Array.isArray(activities) || activities.length === 0) break;
        const outcomes: SyncOutcome[] = [];
        for (const activity of activities) {
          outcomes.push(
            isStravaRun(activity) ? await this.imports.importActivity(userId, activity) : 'skipped',
          );
        }
        if (!(await this.repository.advanceSync(userId, syncId, page, countOf(outcomes)))) return;
        if (activities.length < SYNC_PAGE_SIZE) break;
      }
    }
    await this.repository.setSyncStatus(userId, syncId, 'completed');
  }

  /** The legacy bulk sync (POST /strava/sync-all): the `max` most recent activities. */
  private async syncRecent(userId: string, max: number): Promise<void> {
    const connection = await this.repository.byUser(userId);
    if (!connection) return;
    const perPage = Math.min(max, MAX_SYNC_ACTIVITIES);
    let seen = 0;
    for (let page = 1; seen < max; page++) {
      const activities = await this.userApi.listActivities(userId, { perPage, page });
      if (!Array.isArray(activities) || activities.length === 0) break;
      for (const activity of activities.slice(0, max - seen)) {
        if (isStravaRun(activity)) await this.imports.importActivity(userId, activity);
      }
      seen += activities.length;
      if (activities.length < perPage) break;
    }
    await this.repository.markSynced(userId);
  }

  /**
   * An "athlete deauthorized" event is believed only when Strava refuses to refresh our token;
   * then the athlete's Strava runs, imports and connection go.
   */
  private async confirmDeauthorization(athleteId: number): Promise<void> {
    const connection = await this.repository.byAthlete(athleteId);
    if (!connection) return;
    if (!(await this.userApi.refreshRefused(connection.userId))) {
      this.logger.warn(`Strava athlete ${athleteId} still authorizes us: deauthorization ignored`);
      return;
    }
    await this.removal.removeAfterDeauthorization(connection.userId);
  }
}

function countOf(outcomes: SyncOutcome[]): SyncCounts {
  const counts = { processed: outcomes.length, imported: 0, skipped: 0, failed: 0 };
  for (const outcome of outcomes) counts[outcome]++;
  return counts;
}
