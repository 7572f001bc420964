export type {
  BoundingBox,
  GeoPoint,
  LatLng,
  LineCoordinates,
  LngLat,
  LngLatAlt,
  PauseInterval,
} from './types';
export {
  EARTH_RADIUS_M,
  SHORT_GEODESIC_LIMIT_M,
  WGS84_A,
  WGS84_B,
  WGS84_F,
  createLocalProjection,
  flatDistanceMeters,
  geodesicDistance,
  geodesicMeters,
  geodesicMetersFast,
  haversine,
  haversineLngLat,
  haversineMeters,
  metricScaleAt,
  wrapLngDelta,
  type LocalProjection,
  type MetricScale,
} from './distance';
export { CURVATURE_THRESHOLD_RAD_PER_M, classifyCurvedSegments, mengerCurvature } from './curvature';
export {
  CURVED_THRESHOLD_M,
  CURVED_WARNING_THRESHOLD_M,
  FINISH_PROXIMITY_M,
  MAX_OFF_COURSE_MIN_M,
  MAX_OFF_COURSE_RATIO,
  MIN_COVERAGE_RATIO,
  MIN_MATCH_RATIO,
  MIN_RUN_POINTS,
  START_PROXIMITY_M,
  STRAIGHT_THRESHOLD_M,
  WARNING_THRESHOLD_M,
  distancesToCourse,
  locateOnCourse,
  matchRunToCourse,
  prepareCourse,
  type CourseLocation,
  type CourseMatchOptions,
  type CourseMatchReason,
  type CourseMatchResult,
  type PreparedCourse,
} from './course-matcher';
export {
  MAX_ACCURACY_M,
  TELEPORT_JITTER_M,
  TELEPORT_LOOKAHEAD,
  TELEPORT_SPEED_MS,
  cleanTrack,
  type CleanTrackCounts,
  type CleanTrackOptions,
  type CleanTrackResult,
} from './clean-track';
export {
  AUTO_PAUSE_CORE_RADIUS_M,
  AUTO_PAUSE_GAP_S,
  AUTO_PAUSE_GAP_SPEED_MS,
  AUTO_PAUSE_MIN_S,
  AUTO_PAUSE_RADIUS_M,
  buildRunTimeline,
  detectAutoPauses,
  mergeIntervals,
  type DetectedPause,
  type PauseSource,
  type RunTimeline,
  type TimelineOptions,
} from './timeline';
export {
  ELEVATION_HYSTERESIS_M,
  ELEVATION_PROFILE_SAMPLES,
  ELEVATION_SMOOTHING_WINDOW_M,
  cumulativeDistances,
  hysteresisGainLoss,
  sampleElevationProfile,
  smoothElevations,
  summarizeElevation,
  type ElevationOptions,
  type ElevationSummary,
} from './elevation';
export { SPLIT_DISTANCE_M, computeSplits, type Split, type SplitsResult } from './splits';
export { MAX_SPEED_WINDOW_S, maxSustainedSpeed } from './max-speed';
export {
  BEST_EFFORT_TARGETS,
  computeBestEfforts,
  type BestEffort,
  type BestEffortTarget,
} from './best-efforts';
export { DEFAULT_WEIGHT_KG, estimateCalories, type CalorieInput } from './calories';
export {
  MAX_RUNNER_LEVEL,
  RUNNER_LEVEL_THRESHOLDS_M,
  distanceToNextLevel,
  runnerLevel,
} from './runner-level';
export { computeRunMetrics, type RunMetrics, type RunMetricsOptions } from './run-metrics';
export { timerSecondsOfTrack } from './timer-time';
export {
  FLAG_REASON_MAX_PARTS,
  MAX_HUMAN_SPEED_MS,
  MIN_HUMAN_PACE_S_PER_KM,
  SPEED_LIMIT_BRACKETS,
  SUMMARY_DISTANCE_TOLERANCE_M,
  SUMMARY_DISTANCE_TOLERANCE_RATIO,
  SUMMARY_DURATION_TOLERANCE_RATIO,
  SUMMARY_DURATION_TOLERANCE_S,
  analyzeSpeedAnomaly,
  buildFlagReason,
  compareClientSummary,
  formatPace,
  gpsJumpReasons,
  toAnomalyResult,
  type AnomalyResult,
  type RunSummary,
  type SpeedAnomalyInput,
  type SummaryComparison,
  type SummaryMismatchCode,
} from './speed-anomaly';
export {
  DEDUPE_EPSILON_DEG,
  boundingBox,
  dedupeConsecutive,
  interpolateAlongLine,
  roundCoord,
  routeLength,
  routeLengthHaversine,
  sampleEvenly,
  sampleEveryNth,
  toLngLatPairs,
} from './line';
export {
  PREVIEW_SIMPLIFY_TOLERANCE_DEG,
  douglasPeuckerIndices,
  simplifyLine,
  simplifyLineMeters,
} from './simplify';
export {
  CHECKPOINT_FINISH_GAP_M,
  CHECKPOINT_INTERVAL_M,
  CHECKPOINT_MIN_ROUTE_M,
  CHECKPOINT_PASS_RADIUS_M,
  generateCheckpoints,
  validateCheckpoints,
  type Checkpoint,
  type CheckpointPass,
  type CheckpointResult,
} from './checkpoints';
export {
  DIFFICULTY_BANDS,
  courseDifficulty,
  difficultyLabelForScore,
  difficultyScore,
  referenceDifficultyLabel,
  type DifficultyInput,
  type DifficultyLabel,
  type ReferenceDifficultyLabel,
} from './difficulty';
export { decodePolyline, encodePolyline } from './polyline';
export {
  ROUTE_PREVIEW_MAX_POINTS,
  RUN_PREVIEW_DIVISOR,
  RUN_PREVIEW_MIN_MATCHED_POINTS,
  routePreview,
  runHistoryPreview,
  runPreviewSource,
  simplifiedPreviewLine,
} from './route-preview';
export {
  MAPBOX_STATIC_BASE,
  ROUTE_COLOR,
  THUMBNAIL_IMAGE_MAX_POINTS,
  THUMBNAIL_URL_MAX_POINTS,
  staticImageUrl,
  staticThumbnailUrl,
  type GeometryLike,
} from './mapbox-static';
export {
  DEFAULT_TIME_ZONE,
  addDays,
  daysBetween,
  isValidTimeZone,
  knownTimeZone,
  isoWeekday,
  localDateKey,
  localMonthKey,
  startOfIsoWeek,
  startOfLocalDate,
  startOfLocalDay,
  zoneOffsetMs,
  type DateKey,
} from './time-zone';
export {
  advanceCourseStreak,
  advanceDailyStreak,
  computeCourseStreak,
  computeDailyStreak,
  dailyStreaks,
  previousDate,
  RECOMPUTE_STREAK,
  reportDailyStreaks,
  type CourseStreak,
  type DailyStreakState,
  type DailyStreaks,
} from './streaks';
export { PERIOD_DAYS, comparedToLastWeekPercent, periodStart, weekRange, type WeekRange } from './periods';
export {
  mergeChunkPauses,
  mergeChunkSplits,
  pausesToIntervals,
  type ChunkPause,
  type ChunkSplit,
} from './crash-recovery';
export { gpsTemporalOrderWarning, type Timestamped } from './gps-order';
export {
  LEADERBOARD_MIN_MATCH_PERCENT,
  compareRankingEntries,
  isLeaderboardEligible,
  isPersonalBest,
  rankEntries,
  type LeaderboardCandidate,
  type RankingEntryLike,
} from './ranking';
export { closestOnArc, fromVector, greatCirclePoint, toUnitVector } from './great-circle';
export {
  MAX_PRIVACY_RADIUS_M,
  MAX_PRIVACY_ZONES,
  MIN_PRIVACY_RADIUS_M,
  cutLineByPrivacyZones,
  isInsidePrivacyZones,
  privacyZonesEntered,
  type PrivacyCircle,
} from './privacy-zones';
export {
  GHOST_MAX_INTERVALS,
  GHOST_MIN_INTERVAL_M,
  compareWithGhost,
  ghostDistances,
  ghostInterval,
  ghostProfile,
  hideGhostSamples,
  type GhostProfile,
  type GhostSplit,
  type TimedFix,
} from './ghost';
