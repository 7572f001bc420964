import { Global, Injectable, Module } from '@nestjs/common';
import { RUN_DELETION_HOOK, RUN_REPLACED_LISTENER, type RunReplacedListener } from '@runvs/runs';
import type { EntityManager } from 'typeorm';
import { ImportsRepository } from './imports.repository';
import { ImportsRunDeletionHook } from './imports-run-deletion.hook';

/**
 * When the app's own recording of an activity replaces an imported run (the runs lib's
 * same-activity rule), the imports that pointed at that run — the one that created it and any
 * that duplicated it — now point at the app's run, as duplicates of it: the same state as when
 * the import arrives second.
 */
@Injectable()
export class ImportRunLinks implements RunReplacedListener {
  async runReplaced(manager: EntityManager, replacedRunId: string, byRunId: string): Promise<void> {
    await manager.query(
      `UPDATE external_imports
          SET run_record_id = $2, duplicate_of_run_id = $2, course_match = NULL
        WHERE run_record_id = $1 OR duplicate_of_run_id = $1`,
      [replacedRunId, byRunId],
    );
  }
}

/** Global, so the runs lib's RunRecordsService (RUN_REPLACED_LISTENER, RUN_DELETION_HOOK) finds them. */
@Global()
@Module({
  providers: [
    ImportRunLinks,
    ImportsRepository,
    ImportsRunDeletionHook,
    { provide: RUN_REPLACED_LISTENER, useExisting: ImportRunLinks },
    { provide: RUN_DELETION_HOOK, useExisting: ImportsRunDeletionHook },
  ],
  exports: [RUN_REPLACED_LISTENER, RUN_DELETION_HOOK],
})
export class ImportRunLinksModule {}
