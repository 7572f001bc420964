import { EnableExtensions1763800000000 } from './1763800000000-enable-extensions';
import { InitialSchema1763800000100 } from './1763800000100-initial-schema';
import { Heatmap1763900000000 } from './1763900000000-heatmap';
import { RunRankingOutcome1764100000000 } from './1764100000000-run-ranking-outcome';
import { CoursesListedSpatial1764200000000 } from './1764200000000-courses-listed-spatial';
import { RunChunksPayload1765010000000 } from './1765010000000-run-chunks-payload';
import { RefreshTokenSessions1765020000000 } from './1765020000000-refresh-token-sessions';
import { HeatmapCellRunners1765020000100 } from './1765020000100-heatmap-cell-runners';
import { FriendRequests1765040000000 } from './1765040000000-friend-requests';
import { CourseEventPhotos1765040000100 } from './1765040000100-course-event-photos';
import { EventsOfDeletedCourses1765040000200 } from './1765040000200-events-of-deleted-courses';
import { BanAppeals1765040000300 } from './1765040000300-ban-appeals';
import { CourseRouteRevision1765040000400 } from './1765040000400-course-route-revision';
import { JobFailureRedrive1765050000000 } from './1765050000000-job-failure-redrive';
import { PrivacyZones1765070000000 } from './1765070000000-privacy-zones';
import { RunTracks1765070000100 } from './1765070000100-run-tracks';
import { IncrementalCourseStats1765100000000 } from './1765100000000-incremental-course-stats';
import { RankAtReadTime1765100000100 } from './1765100000100-rank-at-read-time';
import { PendingImportsIndex1765110000000 } from './1765110000000-pending-imports-index';
import { StravaWebhookSubscription1765130000000 } from './1765130000000-strava-webhook-subscription';
import { StravaSyncProgress1765130000100 } from './1765130000100-strava-sync-progress';
import { Achievements1765170000000 } from './1765170000000-achievements';
import { DataExports1765170000100 } from './1765170000100-data-exports';
import { ActivityTypes1765220000000 } from './1765220000000-activity-types';
import { RunSessionGhost1765240000000 } from './1765240000000-run-session-ghost';
import { RunNoticesPending1765260000000 } from './1765260000000-run-notices-pending';
import { RunOwnFigures1765300000000 } from './1765300000000-run-own-figures';
import { RunChunksBinaryPayload1765320000000 } from './1765320000000-run-chunks-binary-payload';
import { EffortRunnerFacts1765210000000 } from './1765210000000-effort-runner-facts';
import { RunFlagAppeals1765210000100 } from './1765210000100-run-flag-appeals';
import { EffortReports1765210000200 } from './1765210000200-effort-reports';
import { RunnerDailyStreaks1765400000000 } from './1765400000000-runner-daily-streaks';

/**
 * Every migration, oldest first. A unit test checks that each file in this folder is listed, so a
 * new migration cannot be forgotten here.
 */
export const MIGRATIONS = [
  EnableExtensions1763800000000,
  InitialSchema1763800000100,
  Heatmap1763900000000,
  RunRankingOutcome1764100000000,
  CoursesListedSpatial1764200000000,
  RunChunksPayload1765010000000,
  RefreshTokenSessions1765020000000,
  HeatmapCellRunners1765020000100,
  FriendRequests1765040000000,
  CourseEventPhotos1765040000100,
  EventsOfDeletedCourses1765040000200,
  BanAppeals1765040000300,
  CourseRouteRevision1765040000400,
  JobFailureRedrive1765050000000,
  PrivacyZones1765070000000,
  RunTracks1765070000100,
  IncrementalCourseStats1765100000000,
  RankAtReadTime1765100000100,
  PendingImportsIndex1765110000000,
  StravaWebhookSubscription1765130000000,
  StravaSyncProgress1765130000100,
  Achievements1765170000000,
  DataExports1765170000100,
  EffortRunnerFacts1765210000000,
  RunFlagAppeals1765210000100,
  EffortReports1765210000200,
  ActivityTypes1765220000000,
  RunSessionGhost1765240000000,
  RunNoticesPending1765260000000,
  RunOwnFigures1765300000000,
  RunChunksBinaryPayload1765320000000,
  RunnerDailyStreaks1765400000000,
];
