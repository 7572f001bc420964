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
  ImportsService,
} from './imports.service';
