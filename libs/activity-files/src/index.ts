export {
  ActivityFileError,
  type ActivityFileType,
  type ActivityPause,
  type ActivitySport,
  type ActivityTrackPoint,
  type DeviceSummary,
  type ParsedActivity,
} from './parsed-activity';
export { parseFit, FIT_DEFAULT_MAX_RECORDS, type ParseFitOptions } from './fit';
