import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type ActivityDamage,
  type ActivityPause,
  type ActivitySport,
  type ActivityTrackPoint,
  ActivityFileError,
  type DeviceSummary,
  parseActivityFileAsync,
} from '@runvs/activity-files';
import { isDomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { countsAsRun, type ExternalImportEntity, type RunSource } from '@runvs/database';
import { type CourseMatchResult, matchRunToCourse, prepareCourse } from '@runvs/geo';
import { LivePublisher } from '@runvs/live';
import { OutboxService } from '@runvs/queue';
import { type ClientRunSummary, computeRunValues, RunRecordsService, showDeviceTotals } from '@runvs/runs';
import { ObjectStorage } from '@runvs/storage';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import type { ImportCourseMatch } from './import-detail';
import {
  activityTypeOf,
  CANDIDATE_COURSE_RADIUS_M,
  damageNote,
  compareWithDevice,
  type DeviceDurationKind,
  importSummaryOf,
  isBetterMatch,
  MAX_CANDIDATE_COURSES,
  partialReadReason,
  runSourceOfFile,
  unusableActivityReason,
} from './import.rules';
import { type CandidateCourse, ImportedRunsRepository } from './imported-runs.repository';
import { implausibleTrackReason } from './track-plausibility.rules';

/** A recorded activity from any source (parsed file, Strava streams), before our own maths. */
export interface ImportTrack {
  sport: ActivitySport;
  /** the source's own sport word (FIT sub_sport, TCX Sport, GPX <type>, Strava sport_type) */
  sportLabel?: string | null;
  sourceDevice: string | null;
  points: ActivityTrackPoint[];
  pauses: ActivityPause[];
  /** the device's own totals (FIT session, TCX laps, Strava's activity): shown as the run's figures */
  deviceSummary?: DeviceSummary | null;
  /** what the device's duration (`deviceSummary.timerSeconds`) counts; default: its timer */
  deviceDurationKind?: DeviceDurationKind;
  /** what of the file could not be read (FIT damage), when not all of it */
  damage?: ActivityDamage | null;
}

/** How an import ended (a user-facing failure is an outcome, not a job error). */
export type ImportOutcome =
  | { status: 'completed'; runRecordId: string; duplicateOfRunId: string | null }
  | { status: 'failed'; reason: string }
  | { status: 'skipped' };

/** Hears the import's progress (0–100, fractions allowed) as often as the work allows. */
export type ProgressReporter = (percent: number) => Promise<void>;

/**
 * Where each phase of a file import sits on the 0–100 scale: reading the stored original, parsing
 * it, measuring (our own numbers), matching against nearby courses, saving. Progress moves
 * continuously inside reading, parsing and matching.
 */
export const IMPORT_PROGRESS = { claimed: 5, read: 20, parsed: 50, measured: 70, matched: 85, done: 100 };
/** The import row's `progress_percent` is written at most every this many points (the job's on every point). */
const STORED_PROGRESS_STEP = 10;

/** A reason the user can act on; the import fails with it and is not retried. */
export class ImportRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ImportRejected';
  }
}

/** Decompressed FIT/GPX/TCX larger than this many times the upload limit is refused. */
const MAX_DECOMPRESSION_FACTOR = 5;

/**
 * The import job: stored file → parse → the server's own numbers (libs/runs `computeRunValues`) →
 * course candidates near the start (PostGIS) → matcher → one transaction: duplicate check, the run
 * record through `RunRecordsService.createFromTrack` (the same path as live runs, which enqueues
 * `run-completion`: matching, rankings, stats, totals, events, heatmap) and the import's outcome. Non-running activities are imported as what they are
 * and are never matched to a course, so they never reach a running leaderboard.
 */
@Injectable()
export class ImportPipelineService {
  private readonly logger = new Logger(ImportPipelineService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runs: ImportedRunsRepository,
    private readonly runRecords: RunRecordsService,
    private readonly outbox: OutboxService,
    private readonly storage: ObjectStorage,
    private readonly live: LivePublisher,
  ) {}

  /** The `activity-import` job for an uploaded file. Transient errors throw (the job retries). */
  async processFileImport(
    importId: string,
    progress: ProgressReporter = async () => {},
  ): Promise<ImportOutcome> {
    const row = await this.claim(importId);
    if (!row) return { status: 'skipped' };
    // The job's progress follows every whole percent (GET /imports/{id} reads it while processing);
    // the row's column only every STORED_PROGRESS_STEP, so a big file does not cost a hundred updates.
    let sent = 0;
    let stored: number = IMPORT_PROGRESS.claimed;
    const report: ProgressReporter = async (percent) => {
      const whole = Math.min(100, Math.floor(percent));
      if (whole <= sent) return;
      sent = whole;
      await progress(whole);
      if (whole >= stored + STORED_PROGRESS_STEP || whole === 100) {
        stored = whole;
        await this.setProgress(importId, whole);
      }
    };
    const phase = (from: number, to: number) => (fraction: number) => report(from + (to - from) * fraction);
    try {
      if (!row.fileKey || !row.fileType) throw new ImportRejected('The import has no uploaded file');
      const bytes = await this.readStoredFile(
        row.fileKey,
        row.fileSizeBytes,
        phase(IMPORT_PROGRESS.claimed, IMPORT_PROGRESS.read),
      );
      const track = await this.parse(bytes, phase(IMPORT_PROGRESS.read, IMPORT_PROGRESS.parsed));
      const outcome = await this.importTrack(row, track, runSourceOfFile(row.fileType), report);
      if (outcome.status === 'completed') await report(IMPORT_PROGRESS.done);
      return outcome;
    } catch (error) {
      if (error instanceof ImportRejected) return this.fail(importId, error.reason);
      throw error;
    }
  }

  /**
   * Measures and stores one activity for an import row already in `processing`; shared by file
   * imports and Strava. Throws ImportRejected for unusable activities (caller fails the import).
   */
  async importTrack(
    row: Pick<ExternalImportEntity, 'id' | 'userId'>,
    track: ImportTrack,
    source: RunSource,
    report: ProgressReporter = async () => {},
  ): Promise<ImportOutcome> {
    const activityType = activityTypeOf(track.sport, track.sportLabel ?? null);
    if (track.points.length === 0) {
      throw new ImportRejected(
        'The activity has no GPS positions (indoor, treadmill or pool activity?); only activities with a GPS track can be imported',
      );
    }
    // Points without a time cannot be placed on the clock: when some have one, only those count
    // (an untimed stretch would add distance without duration).
    const points = track.points.some((p) => p.time !== null)
      ? track.points.filter((p) => p.time !== null)
      : track.points;
    const device = track.deviceSummary;
    // What the device itself totalled is kept beside our numbers (and flags the run if they disagree).
    const clientSummary: ClientRunSummary | null =
      device?.distanceMeters && (device.timerSeconds ?? device.elapsedSeconds)
        ? {
            distanceMeters: device.distanceMeters,
            durationSeconds: (device.timerSeconds ?? device.elapsedSeconds)!,
            totalElapsedSeconds: device.elapsedSeconds,
            reported: { ...device },
          }
        : null;
    const values = computeRunValues({
      points,
      pauses: track.pauses,
      clientSummary,
      weightKg: await this.runs.userWeightKg(row.userId),
    });
    // A damaged file read only in part is said so and flagged, never stored as a short complete run.
    const partial = partialReadReason(track.damage, values.distanceMeters, device?.distanceMeters);
    const damaged = partial ? null : damageNote(track.damage);
    const unusable = unusableActivityReason(values);
    if (unusable) throw new ImportRejected(partial ? `${partial}; ${unusable}` : unusable);
    const route = values.route!;
    // Too sparse to be believed as a route: stored without one, unranked, with the reason.
    const routeRefusedReason = implausibleTrackReason(points, track.pauses);
    await report(IMPORT_PROGRESS.measured);

    let best: { course: CandidateCourse; match: CourseMatchResult } | null = null;
    if (countsAsRun(activityType) && !routeRefusedReason) {
      const runPoints = route.map(([lng, lat]) => ({ lat, lng }));
      const candidates = await this.runs.candidateCourses(
        row.userId,
        runPoints[0],
        CANDIDATE_COURSE_RADIUS_M,
        MAX_CANDIDATE_COURSES,
      );
      const span = IMPORT_PROGRESS.matched - IMPORT_PROGRESS.measured;
      for (const [index, course] of candidates.entries()) {
        if (!Array.isArray(course.coordinates) || course.coordinates.length < 2) continue;
        const match = matchRunToCourse(prepareCourse(course.coordinates), runPoints);
        if (isBetterMatch(match, best?.match ?? null)) best = { course, match };
        await report(IMPORT_PROGRESS.measured + (span * (index + 1)) / candidates.length);
      }
    }
    await report(IMPORT_PROGRESS.matched);
    // §10.2: a course is attached only when the best match completes it; the run pipeline then
    // matches the stored run against it again and decides the leaderboard (Strava: never).
    const matched = best !== null && best.match.isCompleted ? best : null;
    const courseMatch: ImportCourseMatch | null = matched
      ? {
          course_id: matched.course.id,
          course_title: matched.course.title,
          match_percent: matched.match.routeMatchPercent,
          is_completed: true,
        }
      : null;
    // The run shows what the watch showed (its distance and timer time), ours beside them.
    const { deviceTotals, disagreements } = compareWithDevice(values, track, partial !== null);
    const dataNotes = [damaged, ...disagreements].filter((w): w is string => w !== null);
    const summary = importSummaryOf(
      showDeviceTotals(values, deviceTotals),
      track.sourceDevice,
      [routeRefusedReason, partial, ...dataNotes].filter((w): w is string => w !== null),
      device ? { distanceMeters: device.distanceMeters, durationSeconds: device.timerSeconds } : null,
    );
    const startedAt = new Date(values.firstFixMs!);

    const outcome = await this.outbox.transaction(async (manager, enqueue): Promise<ImportOutcome> => {
      // Deleted meanwhile (DELETE /imports/{id} locks the row too): nothing to create.
      if (!(await this.runs.lockImport(manager, row.id))) return { status: 'skipped' };
      const duplicate = await this.runRecords.findDuplicate(manager, row.userId, {
        startedAt,
        distanceMeters: values.distanceMeters,
        source,
      });
      if (duplicate) {
        await manager.query(
          `UPDATE external_imports
              SET status = 'completed', progress_percent = 100, completed_at = now(), activity_type = $2,
                  import_summary = $3, course_match = NULL, run_record_id = $4, duplicate_of_run_id = $4,
                  error_message = NULL
            WHERE id = $1`,
          [row.id, activityType, JSON.stringify(summary), duplicate.id],
        );
        return { status: 'completed' as const, runRecordId: duplicate.id, duplicateOfRunId: duplicate.id };
      }
      const run = await this.runRecords.createFromTrack(manager, enqueue, {
        userId: row.userId,
        source,
        activityType,
        courseId: matched?.course.id ?? null,
        externalImportId: row.id,
        points,
        pauses: track.pauses,
        clientSummary,
        deviceModel: track.sourceDevice?.slice(0, 100) ?? null,
        routeRefusedReason,
        flagReasons: partial ? [partial] : [],
        deviceTotals,
        dataNotes,
      });
      await manager.query(
        `UPDATE external_imports
            SET status = 'completed', progress_percent = 100, completed_at = now(), activity_type = $2,
                import_summary = $3, course_match = $4, run_record_id = $5, error_message = NULL
          WHERE id = $1`,
        [row.id, activityType, JSON.stringify(summary), courseMatch && JSON.stringify(courseMatch), run.id],
      );
      return { status: 'completed' as const, runRecordId: run.id, duplicateOfRunId: null };
    });
    await this.announce(row.id);
    return outcome;
  }

  /** Marks the import failed with a reason the user can read. */
  async fail(importId: string, reason: string): Promise<ImportOutcome> {
    await this.dataSource.query(
      `UPDATE external_imports SET status = 'failed', error_message = $2, completed_at = now() WHERE id = $1`,
      [importId, reason.slice(0, 2000)],
    );
    await this.announce(importId);
    return { status: 'failed', reason };
  }

  /** Live event to the importer once the import's outcome has committed. */
  private async announce(importId: string): Promise<void> {
    const [row] = (await this.dataSource.query(
      `SELECT id, user_id, source, status, run_record_id, duplicate_of_run_id, error_message, completed_at
         FROM external_imports WHERE id = $1`,
      [importId],
    )) as Array<{
      id: string;
      user_id: string;
      source: string;
      status: string;
      run_record_id: string | null;
      duplicate_of_run_id: string | null;
      error_message: string | null;
      completed_at: Date | null;
    }>;
    if (!row) return;
    await this.live.toUsers([row.user_id], 'import_finished', {
      import_id: row.id,
      source: row.source,
      status: row.status,
      run_record_id: row.run_record_id,
      duplicate_of_run_id: row.duplicate_of_run_id,
      error_message: row.error_message,
      completed_at: row.completed_at?.toISOString() ?? null,
    });
  }

  /** pending (or an interrupted processing) → processing; null when the import is already final. */
  /**
   * A re-drive of an import whose job failed for good (transient trouble until the last attempt):
   * the import goes back to pending so the job can claim it again. Imports that ended for a reason
   * (bad file, duplicate) were completed by a successful job and are never re-driven.
   */
  async reopen(importId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE external_imports SET status = 'pending', error_message = NULL, completed_at = NULL, progress_percent = 0
        WHERE id = $1 AND status = 'failed' AND run_record_id IS NULL`,
      [importId],
    );
  }

  async claim(importId: string): Promise<ExternalImportEntity | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE external_imports
          SET status = 'processing', started_at = now(), attempts = attempts + 1, progress_percent = 5,
              error_message = NULL
        WHERE id = $1 AND status IN ('pending', 'processing')
        RETURNING id, user_id AS "userId", file_key AS "fileKey", file_type AS "fileType", source,
                  file_size_bytes AS "fileSizeBytes"`,
      [importId],
    )) as [ExternalImportEntity[], number];
    return rows[0] ?? null;
  }

  private async setProgress(importId: string, percent: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE external_imports SET progress_percent = $2 WHERE id = $1 AND status = 'processing'`,
      [importId, percent],
    );
  }

  /** Parses in steps, reporting the fraction parsed, without blocking the worker meanwhile. */
  private async parse(bytes: Buffer, onProgress: (fraction: number) => Promise<void>): Promise<ImportTrack> {
    try {
      const { activity } = await parseActivityFileAsync(bytes, {
        maxDecompressedBytes: MAX_DECOMPRESSION_FACTOR * this.config.storage.maxImportBytes,
        onProgress,
      });
      if (activity.warnings.length > 0)
        this.logger.log(`import parsed with warnings: ${activity.warnings.join('; ')}`);
      return {
        sport: activity.sport,
        sportLabel: activity.sportLabel,
        sourceDevice: activity.sourceDevice,
        points: activity.points,
        pauses: activity.pauses,
        deviceSummary: activity.deviceSummary,
        damage: activity.damage ?? null,
      };
    } catch (error) {
      if (error instanceof ActivityFileError) throw new ImportRejected(error.reason);
      // A parser bug on a hostile file must end in a clear failure, not four retries of the same crash.
      throw new ImportRejected(`The file could not be read (${(error as Error).message})`);
    }
  }

  private async readStoredFile(
    key: string,
    expectedBytes: number | null,
    onProgress: (fraction: number) => Promise<void>,
  ): Promise<Buffer> {
    let stream: Readable;
    try {
      stream = await this.storage.get(key);
    } catch (error) {
      if (isDomainError(error) && error.code === 'NOT_FOUND') {
        throw new ImportRejected('The uploaded file is no longer available; upload it again');
      }
      throw error;
    }
    const limit = this.config.storage.maxImportBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > limit) {
        stream.destroy();
        throw new ImportRejected(`The stored file is larger than the ${limit}-byte limit`);
      }
      chunks.push(buffer);
      if (expectedBytes) await onProgress(Math.min(1, size / expectedBytes));
    }
    await onProgress(1);
    return Buffer.concat(chunks);
  }
}
