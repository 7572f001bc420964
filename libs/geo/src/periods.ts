import { DEFAULT_TIME_ZONE, startOfIsoWeek } from './time-zone';

const DAY_MS = 86_400_000;

/** §8.3: rolling windows, not calendar periods. */
export const PERIOD_DAYS: Readonly<Record<string, number>> = Object.freeze({ week: 7, month: 30, year: 365 });

/**
 * §17 `_get_date_filter`: the start of a stats period — week = now − 7 d, month = now − 30 d,
 * year = now − 365 d; `all` and anything unknown → null (no filter).
 */
export function periodStart(period: string | null | undefined, now: number | Date): Date | null {
  if (!period || !Object.prototype.hasOwnProperty.call(PERIOD_DAYS, period)) return null;
  const days = PERIOD_DAYS[period];
  const t = typeof now === 'number' ? now : now.getTime();
  return new Date(t - days * DAY_MS);
}

export interface WeekRange {
  lastWeekStart: Date;
  thisWeekStart: Date;
  nextWeekStart: Date;
}

/** §8.4 weeks (Monday 00:00 to the next Monday) in the user's zone (Decision 6) instead of UTC. */
export function weekRange(now: number | Date, timeZone: string = DEFAULT_TIME_ZONE): WeekRange {
  const start = startOfIsoWeek(now, timeZone);
  // Re-derive neighbouring Mondays through the zone: a DST change makes a week 167 or 169 hours.
  const next = startOfIsoWeek(start + 8 * DAY_MS, timeZone);
  const last = startOfIsoWeek(start - DAY_MS, timeZone);
  return { lastWeekStart: new Date(last), thisWeekStart: new Date(start), nextWeekStart: new Date(next) };
}

/** §8.4: (this − last) / last × 100, 1 dp; 0 when last week had nothing. */
export function comparedToLastWeekPercent(thisWeek: number, lastWeek: number): number {
  if (!(lastWeek > 0)) return 0;
  return Math.round(((thisWeek - lastWeek) / lastWeek) * 1000) / 10;
}
