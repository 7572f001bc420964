import type { StravaSummaryActivity } from './strava-activities';

/** How one activity counts in a sync's progress. */
export type SyncOutcome = 'imported' | 'skipped' | 'failed';

/** The import row fields the rules read. */
export interface ImportFacts {
  id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  runRecordId: string | null;
  duplicateOfRunId: string | null;
  errorMessage: string | null;
}

/** GET /strava/activities: what became of one activity here. */
export interface ActivityImportView {
  imported: boolean;
  import_id: string | null;
  import_status: ImportFacts['status'] | null;
  run_id: string | null;
  skipped_reason: string | null;
}

/** An import already there counts as imported, skipped (same activity as another run) or failed. */
export function outcomeOfImport(row: Pick<ImportFacts, 'status' | 'duplicateOfRunId'>): SyncOutcome {
  if (row.status === 'failed') return 'failed';
  if (row.status === 'completed' && row.duplicateOfRunId) return 'skipped';
  return 'imported';
}

export function importView(row: ImportFacts | undefined): ActivityImportView {
  if (!row) {
    return { imported: false, import_id: null, import_status: null, run_id: null, skipped_reason: null };
  }
  const base = { import_id: row.id, import_status: row.status };
  if (row.status === 'completed' && row.duplicateOfRunId) {
    return {
      ...base,
      imported: false,
      run_id: row.duplicateOfRunId,
      skipped_reason: 'The same activity is already recorded as another of your runs.',
    };
  }
  if (row.status === 'completed') {
    return { ...base, imported: true, run_id: row.runRecordId, skipped_reason: null };
  }
  if (row.status === 'failed') {
    return {
      ...base,
      imported: false,
      run_id: null,
      skipped_reason: row.errorMessage ?? 'The import failed.',
    };
  }
  return { ...base, imported: false, run_id: null, skipped_reason: null };
}

/** Why a Strava activity is not imported at all, before any import row exists. */
export function notARunReason(activity: Pick<StravaSummaryActivity, 'sport_type' | 'type'>): string {
  return `The Strava activity is a ${activity.sport_type ?? activity.type ?? 'non-running activity'}: only runs are imported.`;
}

/** The first connection imports the runs of this many days back. */
export const BACKFILL_DAYS = 90;

export function backfillSince(nowMs: number): Date {
  return new Date(nowMs - BACKFILL_DAYS * 86_400_000);
}
