import type { ActivityType, RunSource } from '@runvs/database';
import type { GeoPoint, LngLat, PauseInterval } from '@runvs/geo';
import type { ClientRunSummary, DeviceTotals } from './run-values';

/**
 * Everything needed to create a run record from a track: the live complete, crash recovery and
 * file/Strava imports all go through `RunRecordsService.createFromTrack` with one of these.
 */
export interface NewRunFromTrack {
  userId: string;
  source: RunSource;
  activityType?: ActivityType;
  sessionId?: string | null;
  courseId?: string | null;
  externalImportId?: string | null;
  /** the GPS the server holds; cleaned and measured by the server */
  points: ReadonlyArray<GeoPoint & { accuracy?: number }>;
  /** timer pauses (epoch ms), e.g. merged chunk pauses or a file's timer stops */
  pauses?: readonly PauseInterval[];
  /** a route without timestamps, used only when `points` carry no usable time */
  fallbackRoute?: readonly LngLat[] | null;
  /** defaults: the first GPS fix, else `finishedAt − duration` */
  startedAt?: Date | null;
  /** defaults: the last GPS fix, else now */
  finishedAt?: Date | null;
  /** what the phone / file said, kept for comparison and flagged when it disagrees */
  clientSummary?: ClientRunSummary | null;
  /** the contract's pause objects as sent, kept verbatim */
  pauseIntervals?: unknown[];
  filterConfig?: Record<string, unknown> | null;
  goalData?: Record<string, unknown> | null;
  checkpointPasses?: unknown[] | null;
  deviceModel?: string | null;
  /**
   * Why the track is not believed as a route (an import's implausible gaps): the run is stored
   * without a route or timed track, flagged with this reason, so nothing ranks or maps it.
   */
  routeRefusedReason?: string | null;
  /** further reasons to flag the run with (an import read only in part) */
  flagReasons?: string[];
  /**
   * The device's own totals (an import's FIT session / TCX laps / Strava activity): shown as the
   * run's distance and duration, our own figures kept beside them (`showDeviceTotals`).
   */
  deviceTotals?: DeviceTotals | null;
  /** informational notes on the run's data (our figures and the device's disagree…), not flags */
  dataNotes?: string[];
  /** an existing run this one duplicates (imports' dedupe); stored, the run is still created */
  duplicateOfRunId?: string | null;
}

export interface CreatedRun {
  id: string;
  distanceMeters: number;
  durationSeconds: number;
  isFlagged: boolean;
  flagReason: string | null;
  /** Imported runs of the same activity this app recording replaced (deleted in the same transaction). */
  replacedRunIds: string[];
  /** Run once the caller's transaction has committed: refreshes what the replaced runs showed on. */
  afterCommit: () => Promise<void>;
}

export type { RankingOutcome } from '../rankings/ranking.rules';
