export {
  type ActivityDamage,
  ActivityFileError,
  type ActivityFileType,
  type ActivityPause,
  type ActivitySport,
  type ActivityTrackPoint,
  type DeviceSummary,
  type ParsedActivity,
} from './parsed-activity';
export { PARSE_STEP_EVERY, type ParseSteps, runToEnd } from './parse-steps';
export { parseFit, FIT_DEFAULT_MAX_RECORDS, type ParseFitOptions } from './fit';
export { parseGpx, type GpxParseOptions } from './gpx';
export { parseTcx, type TcxParseOptions } from './tcx';
export { detectActivityFileType, type DetectedFileType } from './detect-file-type';
export {
  parseActivityFile,
  parseActivityFileAsync,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  type ParseActivityFileOptions,
  type ParsedActivityFile,
} from './parse-activity-file';
export { sniffActivityFile, type SniffedActivityFile } from './sniff-activity-file';
