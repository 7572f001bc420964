import type { ExternalImportEntity, ImportSource, ImportStatus } from '@runvs/database';

/** contract §11 `import_summary`, as stored in external_imports.import_summary. */
export interface ImportSummary {
  /** the run's shown figures: the device's own totals when the file carries them, else ours */
  distance_meters: number;
  duration_seconds: number;
  avg_pace_seconds_per_km: number | null;
  elevation_gain_meters: number;
  elevation_loss_meters: number;
  point_count: number;
  source_device: string | null;
  /** why the run is not shown as a plain run (implausible track, partial file…); empty when none */
  warnings: string[];
  /** our own figures from the track: GPS distance, moving time, first-to-last-fix time */
  gps_distance_meters?: number;
  moving_time_seconds?: number;
  elapsed_seconds?: number | null;
  /** the device's own totals (FIT session, TCX laps, Strava activity), null when the source has none */
  device_distance_meters?: number | null;
  device_timer_seconds?: number | null;
}

/** contract §11 `course_match`, as stored in external_imports.course_match. */
export interface ImportCourseMatch {
  course_id: string;
  course_title: string;
  match_percent: number;
  is_completed: boolean;
}

/**
 * contract §11 `ImportDetail`, plus what our pipeline adds: progress while processing, the kind of
 * activity found, and — when the activity was already recorded (live, another file, Strava) — the
 * run it duplicates.
 */
export interface ImportDetail {
  id: string;
  source: ImportSource;
  status: ImportStatus;
  external_id: string | null;
  original_filename: string | null;
  file_type: string | null;
  import_summary: ImportSummary | null;
  course_match: ImportCourseMatch | null;
  run_record_id: string | null;
  error_message: string | null;
  progress_percent: number;
  activity_type: string | null;
  duplicate_of_run_id: string | null;
  duplicate_of_import_id: string | null;
  created_at: string;
  completed_at: string | null;
}

/** 201 body of the upload endpoints (contract §11). */
export interface ImportAccepted {
  import_id: string;
  status: ImportStatus;
  message: string;
  /** set when the very same file was uploaded before: that import is reported instead */
  duplicate_of_import_id?: string;
}

export function toImportDetail(row: ExternalImportEntity): ImportDetail {
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    external_id: row.externalId,
    original_filename: row.originalFilename,
    file_type: row.fileType,
    import_summary: row.importSummary
      ? { ...(row.importSummary as unknown as ImportSummary), warnings: summaryWarnings(row.importSummary) }
      : null,
    course_match: (row.courseMatch as ImportCourseMatch | null) ?? null,
    run_record_id: row.runRecordId,
    error_message: row.errorMessage,
    progress_percent: row.progressPercent,
    activity_type: row.activityType,
    duplicate_of_run_id: row.duplicateOfRunId,
    duplicate_of_import_id: row.duplicateOfImportId,
    created_at: row.createdAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
  };
}

function summaryWarnings(summary: Record<string, unknown>): string[] {
  return Array.isArray(summary.warnings) ? (summary.warnings as string[]) : [];
}
