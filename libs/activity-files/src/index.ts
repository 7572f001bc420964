export {
  ActivityFileError,
  type ActivityFileType,
  type ActivityPause,
  type ActivitySport,
  type ActivityTrackPoint,
  type DeviceSummary,
  type ParsedActivity,
} from './parsed-activity';
