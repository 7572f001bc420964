export { RunsModule } from './runs.module';
export { type FlagAppeal, RunFlagAppealsService } from './records/run-flag-appeals.service';
export { type FlagVerdict, type JudgedRun, RunVerdictsService } from './records/run-verdicts.service';
export { stampRunnerFacts } from './records/run-records.repository';
export { recountDailyStreak } from './stats/runner-totals.repository';
export {
  type AgeRange,
  BOARD_GENDERS,
  type BoardGender,
  parseAgeGroup,
} from './rankings/board-filters.rules';
export { RunSessionsService, missingSequences } from './sessions/run-sessions.service';
export {
  type ChunkPoint,
  type ChunkType,
  type ChunkUpload,
  EMERGENCY_SEQUENCE_START,
  MAX_CHUNK_SEQUENCE,
  MAX_POINTS_PER_CHUNK,
  canonicalJson,
  chunkPayloadHash,
  chunkTrackPoints,
  jsonPayloadHash,
  parseChunkPayload,
  validateChunk,
  validatePoints,
} from './sessions/chunk-payload';
export type {
  BatchReceipt,
  ChunkReceipt,
  CompleteRunInput,
  CreateSessionInput,
  RecoverableSession,
  RecoverInput,
} from './sessions/run-sessions.types';
export { RunRecordsService, toRanking } from './records/run-records.service';
export type { CreatedRun, NewRunFromTrack, RankingOutcome } from './records/run-records.types';
export { RUN_DELETION_HOOK, type RunDeletionHook } from './records/run-deletion.hook';
export { RUN_REPLACED_LISTENER, type RunReplacedListener } from './records/run-replaced.listener';
export {
  isAppRecording,
  isSimilarDistance,
  type RecordedRun,
  SAME_ACTIVITY_DISTANCE_MIN_M,
  SAME_ACTIVITY_DISTANCE_RATIO,
  SAME_ACTIVITY_START_WINDOW_S,
  sameActivityOf,
} from './records/same-activity.rules';
export {
  type ClientRunSummary,
  computeRunValues,
  type DeviceTotals,
  durationComparableWith,
  type RunValues,
  showDeviceTotals,
} from './records/run-values';
export type {
  PipelineStatus,
  RecoverView,
  RunCompletionView,
  RunRanking,
  RunRecordDetail,
  SharedRunDetail,
  UserStatsUpdate,
} from './records/run-views';
export { SharedRunsService } from './records/shared-runs.service';
export type { RunTrack } from './records/run-tracks.repository';
export { RunTracksService } from './records/run-tracks.service';
export { decodeTrack, encodeTrack, type TrackSample } from './records/track-codec';
export { RunNoticesService } from './pipeline/run-notices.service';
export { PendingNoticesRepository } from './pipeline/pending-notices.repository';
export { PIPELINE_STAGES, type PipelineStage, RunPipelineService } from './pipeline/run-pipeline.service';
export {
  AggregatesReconciliationService,
  type ReconciliationReport,
} from './pipeline/aggregates-reconciliation.service';
export { PendingPipelinesRepository } from './pipeline/pending-pipelines.repository';
export { CourseRejudgeService, REJUDGE_BATCH_SIZE } from './pipeline/course-rejudge.service';
export { judgeCourseRun } from './pipeline/course-run-judging';
export { PipelineSignals, pipelineSettledChannel } from './pipeline/pipeline-signals';
export {
  COURSE_RUN_BONUS_POINTS,
  formatDuration,
  pointsForRun,
  rankingOutcome,
  type BoardKey,
} from './rankings/ranking.rules';
export {
  explainCourseRun,
  type CourseCompletionView,
  type EligibilityReason,
} from './pipeline/course-completion';
export { RankingsService } from './rankings/rankings.service';
export type {
  BoardEntry,
  BoardPeriod,
  BoardQuery,
  BoardSort,
  BoardUser,
  CourseBoard,
  MyBoardRanking,
  MyBest,
  MyCourseRanking,
  MyRankingsItem,
} from './rankings/rankings.types';
export { GhostService, ghostOfText, parseGhostOf } from './ghosts/ghost.service';
export {
  GHOST_SEGMENT_METERS,
  type GhostComparison,
  GhostComparisonService,
} from './ghosts/ghost-comparison.service';
export type { GhostOf, GhostView } from './ghosts/ghost.types';
export { RunnerStatsService } from './stats/runner-stats.service';
export {
  type AnalyticsResponse,
  type MyCourseItem,
  type RunHistoryItem,
  RUNS_ORDER_BY,
  type RunsOrderBy,
  type RunsQuery,
  STATS_PERIODS,
  type StatsPeriod,
  type UserStats,
  type WeeklyStats,
} from './stats/runner-stats.types';
