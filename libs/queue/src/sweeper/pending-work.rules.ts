import type { JobState } from 'bullmq';

/** Rules of the pending-work sweeper: pure functions, no I/O. */

/**
 * What the sweeper does with overdue work, given the state of its deterministic job in BullMQ:
 * - `leave`: the job is queued, running or waiting to retry — it is on its way (a backlog is not
 *   a loss, and a second job would only double the work);
 * - `enqueue`: no such job (Redis lost it, or it was never published): enqueue it again;
 * - `replace`: the job ended (completed, or failed without a recorded final failure) yet the done
 *   marker never came: remove the stale job so the same id can run again.
 */
export type SweepAction = 'leave' | 'enqueue' | 'replace';

export function sweepAction(state: JobState | 'unknown'): SweepAction {
  switch (state) {
    case 'unknown':
      return 'enqueue';
    case 'completed':
    case 'failed':
      return 'replace';
    case 'active':
    case 'delayed':
    case 'prioritized':
    case 'waiting':
    case 'waiting-children':
      return 'leave';
  }
}

/** The sweep runs at half the bound, at least every second and at most every minute. */
export function sweepIntervalMs(afterSeconds: number): number {
  return Math.min(60_000, Math.max(1_000, Math.round((afterSeconds * 1_000) / 2)));
}

/** How many overdue items of one source a sweep handles at most; the next sweep takes the rest. */
export const SWEEP_LIMIT_PER_SOURCE = 500;
