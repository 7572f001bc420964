/**
 * What every activity-file parser (GPX, TCX, FIT) produces. Plain data only: the import pipeline
 * hands `points` straight to @runvs/geo, whose point shape (`lat`, `lng`, `ele`, `time`) this
 * matches structurally.
 */

export type ActivityFileType = 'gpx' | 'tcx' | 'fit';

/** Our normalised sport vocabulary; only `running` (and its sub-kinds) enters running leaderboards. */
export type ActivitySport = 'running' | 'walking' | 'hiking' | 'cycling' | 'swimming' | 'rowing' | 'other';

export interface ActivityTrackPoint {
  lat: number;
  lng: number;
  /** metres above sea level; null when the file has none for this point */
  ele: number | null;
  /** epoch milliseconds (UTC); null when the file has no time for this point */
  time: number | null;
  heartRate?: number | null;
  cadence?: number | null;
  /** device-reported speed in m/s */
  speed?: number | null;
  /** device-reported cumulative distance in metres */
  distance?: number | null;
}

/** A span (epoch ms) during which the device's timer was stopped. */
export interface ActivityPause {
  start: number;
  end: number;
}

/** Totals the device itself wrote (FIT session, TCX laps), kept to compare with our own maths. */
export interface DeviceSummary {
  distanceMeters: number | null;
  elapsedSeconds: number | null;
  timerSeconds: number | null;
  ascentMeters: number | null;
  descentMeters: number | null;
  calories: number | null;
  avgHeartRate: number | null;
  maxSpeedMs: number | null;
}

export interface ParsedActivity {
  fileType: ActivityFileType;
  sport: ActivitySport;
  /** the file's own sport/type label, verbatim (e.g. FIT sub_sport "treadmill", GPX <type>9</type>) */
  sportLabel: string | null;
  /** device or software that wrote the file (GPX creator, FIT manufacturer/product) */
  sourceDevice: string | null;
  name: string | null;
  /** epoch ms of the first timed point or the file's own start time */
  startTime: number | null;
  /** every position-bearing point in file order; segments/laps/sessions concatenated */
  points: ActivityTrackPoint[];
  /** indices into `points` where a new track segment starts (always includes 0 when non-empty) */
  segmentStarts: number[];
  pauses: ActivityPause[];
  deviceSummary: DeviceSummary | null;
  /** non-fatal oddities found while parsing (bad CRC tolerated, unbound XML prefix, …) */
  warnings: string[];
  /**
   * The file was not read whole (FIT): damaged stretches stepped over (`skippedBytes`) and/or
   * decoding stopped before the end (`stopped`). Absent or null when everything was read.
   */
  damage?: ActivityDamage | null;
}

export interface ActivityDamage {
  reason: string;
  skippedBytes: number;
  stopped: boolean;
}

/** Why a file could not be read at all; `reason` is shown to the user as is. */
export class ActivityFileError extends Error {
  constructor(
    readonly reason: string,
    readonly kind:
      | 'EMPTY_FILE'
      | 'UNSUPPORTED_TYPE'
      | 'MALFORMED'
      | 'UNSAFE_XML'
      | 'NOT_AN_ACTIVITY'
      | 'TOO_LARGE'
      | 'NO_GPS',
  ) {
    super(reason);
    this.name = 'ActivityFileError';
  }
}
