import type { EntityManager } from 'typeorm';

/**
 * Told, inside the transaction, that an app recording replaced an imported run of the same
 * activity (the imported run is deleted right after). The imports lib provides it to point its
 * import at the run that now stands for the activity; provide it under RUN_REPLACED_LISTENER from
 * a @Global() module.
 */
export interface RunReplacedListener {
  runReplaced(manager: EntityManager, replacedRunId: string, byRunId: string): Promise<void>;
}

export const RUN_REPLACED_LISTENER = Symbol('RUN_REPLACED_LISTENER');
