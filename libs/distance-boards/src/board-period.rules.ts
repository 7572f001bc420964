import { addDays, localDateKey, localMonthKey, startOfIsoWeek, startOfLocalDate } from '@runvs/geo';

/** A distance board covers a calendar week (Monday 00:00) or month in the product's time zone. */
export type BoardPeriodKind = 'week' | 'month';
export const BOARD_PERIOD_KINDS: readonly BoardPeriodKind[] = ['week', 'month'];

export interface BoardPeriod {
  kind: BoardPeriodKind;
  /** stable key part: `w2025-12-01` (the week's Monday) or `m2025-12` */
  key: string;
  /** first instant of the period */
  start: Date;
  /** first instant after the period */
  end: Date;
}

/** The week or month holding `instant`, in `timeZone` (DST-safe: bounds are re-derived in the zone). */
export function boardPeriod(kind: BoardPeriodKind, instant: number | Date, timeZone: string): BoardPeriod {
  if (kind === 'week') {
    const start = startOfIsoWeek(instant, timeZone);
    const monday = localDateKey(start, timeZone);
    const end = startOfLocalDate(addDays(monday, 7), timeZone);
    return { kind, key: `w${monday}`, start: new Date(start), end: new Date(end) };
  }
  const month = localMonthKey(instant, timeZone);
  const [year, m] = month.split('-').map(Number);
  const next = m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
  return {
    kind,
    key: `m${month}`,
    start: new Date(startOfLocalDate(`${month}-01`, timeZone)),
    end: new Date(startOfLocalDate(`${next}-01`, timeZone)),
  };
}

/** Both periods (week and month) a run finished at `instant` counts in. */
export function periodsOf(instant: number | Date, timeZone: string): BoardPeriod[] {
  return BOARD_PERIOD_KINDS.map((kind) => boardPeriod(kind, instant, timeZone));
}
