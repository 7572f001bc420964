export {
  apiMetricsBase,
  eventually,
  freeTcpPort,
  startApi,
  startWorker,
  waitForQueuesDrained,
  workerHttpBase,
} from './apps';
export { createRunRecord, createUser, createUserWithToken, lineFrom } from './factories';
export { testConfig } from './test-config';
export { ownerQuery, withOwnerQueryRunner } from './owner-database';
export { storedFilePath } from './stored-files';
export { appDatabaseUrl, PROJECT_ROOT } from './test-env';
export {
  createCourse,
  createRanking,
  createRun,
  type CourseOverrides,
  type RunOverrides,
} from './course-run-factories';
export { LiveClient, listenOnEphemeralPort, openLiveSocket, type LiveMessageOf } from './live-client';
export { asUser, boardUserIds, startStack, type TestStack } from './stack';
export { connectStrava, newStravaRateWindow, stravaEnv, stravaRide, stravaRun } from './strava';
export { type BuiltProcess, startBuiltProcess, startReadyProcess } from './built-process';
export { type FinishedImport, importActivityFile } from './imports';
export { type StreamedUpload, streamChunkedUpload } from './uploads';
