/**
 * Readiness as plain functions over plain data: which migrations are missing, which queues are
 * backed up, whether a heartbeat is recent, and the overall answer.
 */

export type CheckState = 'up' | 'down';

/** The answer of a readiness route: 200 when every check is up, else 503. */
export interface Readiness<C extends string = string> {
  status: 'ok' | 'unavailable';
  checks: Record<C, CheckState>;
}

export function readinessOf<C extends string>(checks: Record<C, CheckState>): Readiness<C> {
  const allUp = Object.values<CheckState>(checks).every((state) => state === 'up');
  return { status: allUp ? 'ok' : 'unavailable', checks };
}

/** Migrations of the code that the database has not applied (a deploy ran before `migrate`). */
export function pendingMigrations(known: readonly string[], applied: readonly string[]): string[] {
  const done = new Set(applied);
  return known.filter((name) => !done.has(name));
}

/** Queues whose waiting jobs exceed `max` (the worker cannot keep up). */
export function queuesOverBacklog(waiting: Readonly<Record<string, number>>, max: number): string[] {
  return Object.entries(waiting)
    .filter(([, count]) => count > max)
    .map(([queue]) => queue);
}

/** Beats this many intervals late count as stale. */
export const MISSED_BEATS_ALLOWED = 3;

/** A heartbeat is fresh when it came within MISSED_BEATS_ALLOWED intervals. */
export function heartbeatFresh(lastBeatAt: number | null, now: number, intervalMs: number): boolean {
  return lastBeatAt !== null && now - lastBeatAt <= MISSED_BEATS_ALLOWED * intervalMs;
}
