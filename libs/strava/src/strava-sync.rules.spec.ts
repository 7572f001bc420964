import { backfillSince, importView, notARunReason, outcomeOfImport } from './strava-sync.rules';

const row = (over: Partial<Parameters<typeof importView>[0] & object> = {}) => ({
  id: 'imp-1',
  status: 'completed' as const,
  runRecordId: 'run-1',
  duplicateOfRunId: null,
  errorMessage: null,
  ...over,
});

describe('Strava sync rules', () => {
  it('counts an existing import as imported, skipped (a duplicate) or failed', () => {
    expect(outcomeOfImport(row())).toBe('imported');
    expect(outcomeOfImport(row({ duplicateOfRunId: 'run-0' }))).toBe('skipped');
    expect(outcomeOfImport(row({ status: 'failed' }))).toBe('failed');
    expect(outcomeOfImport(row({ status: 'processing' }))).toBe('imported');
  });

  it('tells for each activity whether it is imported, its run, and why not', () => {
    expect(importView(undefined)).toEqual({
      imported: false,
      import_id: null,
      import_status: null,
      run_id: null,
      skipped_reason: null,
    });
    expect(importView(row())).toEqual({
      imported: true,
      import_id: 'imp-1',
      import_status: 'completed',
      run_id: 'run-1',
      skipped_reason: null,
    });
    expect(importView(row({ runRecordId: 'run-0', duplicateOfRunId: 'run-0' }))).toMatchObject({
      imported: false,
      run_id: 'run-0',
      skipped_reason: expect.stringMatching(/already recorded/),
    });
    expect(importView(row({ status: 'failed', runRecordId: null, errorMessage: 'no GPS' }))).toMatchObject({
      imported: false,
      run_id: null,
      skipped_reason: 'no GPS',
    });
    expect(importView(row({ status: 'pending', runRecordId: null }))).toMatchObject({
      imported: false,
      import_status: 'pending',
      skipped_reason: null,
    });
    expect(notARunReason({ sport_type: 'Ride' })).toMatch(/a Ride: only runs/);
  });

  it('backfills 90 days on the first connection', () => {
    expect(backfillSince(Date.UTC(2026, 3, 1))).toEqual(new Date(Date.UTC(2026, 0, 1)));
  });
});
