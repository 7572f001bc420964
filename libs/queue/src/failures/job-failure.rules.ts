/** Rules of failed-job re-drive: pure functions, no I/O. */

/** First automatic re-drive 5 minutes after the final failure, doubling up to 6 hours. */
export const REDRIVE_BASE_DELAY_MS = 5 * 60_000;
export const REDRIVE_MAX_DELAY_MS = 6 * 3_600_000;

/** Delay before the sweeper re-drives a failure already re-driven `redriveCount` times. */
export function redriveDelayMs(redriveCount: number): number {
  return Math.min(REDRIVE_BASE_DELAY_MS * 2 ** Math.max(0, redriveCount), REDRIVE_MAX_DELAY_MS);
}

/**
 * When the sweeper re-drives a failure next: only retryable ones, and only while the queue's
 * automatic re-drives are not used up. Null = left to an admin.
 */
export function nextRedriveAt(
  now: Date,
  failure: { retryable: boolean; redriveCount: number },
  autoRedrives: number,
): Date | null {
  if (!failure.retryable || failure.redriveCount >= autoRedrives) return null;
  return new Date(now.getTime() + redriveDelayMs(failure.redriveCount));
}

const REDRIVE_ID = /_redrive-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+$/;

/**
 * The BullMQ job id of the n-th re-drive of a failure: new (the failed job may still sit in Redis
 * under its old id, which would swallow an add), and naming the failure it re-drives.
 */
export function redriveJobId(queue: string, failureId: string, n: number): string {
  return `${queue}_redrive-${failureId}-${n}`;
}

/** The failure a job re-drives, from its id; null for an ordinary job. */
export function redrivenFailureId(jobId: string | undefined): string | null {
  return jobId ? (REDRIVE_ID.exec(jobId)?.[1] ?? null) : null;
}

/** The one-line reason kept beside the full error. */
export function failureMessage(error: Pick<Error, 'message' | 'name'>): string {
  const firstLine = (error.message || error.name || 'unknown error').split('\n', 1)[0];
  return firstLine.slice(0, 2000);
}
