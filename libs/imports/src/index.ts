export {
  type ImportAccepted,
  type ImportCourseMatch,
  type ImportDetail,
  type ImportSummary,
  toImportDetail,
} from './import-detail';
export { ImportsModule } from './imports.module';
export {
  cleanFilename,
  type ExpectedImportType,
  IMPORT_ACCEPTED_MESSAGE,
  IMPORT_ALREADY_UPLOADED_MESSAGE,
  type ImportOriginal,
  ImportsService,
} from './imports.service';
export { LegacyOriginalsService } from './legacy-originals.service';
export {
  IMPORT_PROGRESS,
  ImportPipelineService,
  ImportRejected,
  type ImportOutcome,
  type ImportTrack,
  type ProgressReporter,
} from './import-pipeline.service';
export { ImportRunLinksModule } from './import-run-links';
export {
  activityTypeOf,
  CANDIDATE_COURSE_RADIUS_M,
  compareWithDevice,
  MIN_IMPORT_DISTANCE_M,
  MIN_IMPORT_DURATION_S,
  unusableActivityReason,
} from './import.rules';
export { PendingImportsRepository } from './pending-imports.repository';
