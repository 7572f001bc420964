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
  FINISH_PROXIMITY_M,
  MAX_OFF_COURSE_MIN_M,
  MAX_OFF_COURSE_RATIO,
  MIN_COVERAGE_RATIO,
  MIN_MATCH_RATIO,
  MIN_RUN_POINTS,
  START_PROXIMITY_M,
  STRAIGHT_THRESHOLD_M,
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
