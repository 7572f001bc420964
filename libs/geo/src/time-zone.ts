/** Decision 6: streaks and weekly figures are computed in the user's zone, Seoul by default. */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a calendar date (no time, no zone). */
export type DateKey = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone itself when the runtime knows it, else the default: what a stored aggregate (the daily
 * streak) is counted in, so a zone the runtime rejects cannot stop a count.
 */
export function knownTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

function toEpoch(input: number | Date): number {
  return typeof input === 'number' ? input : input.getTime();
}

/** Offset of the zone from UTC at an instant (ms; Seoul is +9 h). */
export function zoneOffsetMs(instant: number | Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  const t = toEpoch(instant);
  const w = wallClock(t, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
}

function pad2(n: number): string {
  return n.toString().padStart(2, '0');
}

/** The calendar date of an instant in a zone. */
export function localDateKey(instant: number | Date, timeZone: string = DEFAULT_TIME_ZONE): DateKey {
  const w = wallClock(toEpoch(instant), timeZone);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}`;
}

/** `YYYY-MM` of an instant in a zone (monthly distance buckets). */
export function localMonthKey(instant: number | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return localDateKey(instant, timeZone).slice(0, 7);
}

function parseKey(key: DateKey): number {
  const [y, m, d] = key.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** Calendar arithmetic on date keys. */
export function addDays(key: DateKey, days: number): DateKey {
  return new Date(parseKey(key) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: DateKey, b: DateKey): number {
  return Math.round((parseKey(b) - parseKey(a)) / DAY_MS);
}

/**
 * The instant a local calendar date starts (00:00 in the zone). Offsets are re-read after the
 * first guess so days that begin inside a DST change still land on their first instant.
 */
export function startOfLocalDate(key: DateKey, timeZone: string = DEFAULT_TIME_ZONE): number {
  const wall = parseKey(key);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  for (let i = 0; i < 2; i++) {
    const next = wall - zoneOffsetMs(guess, timeZone);
    if (next === guess) break;
    guess = next;
  }
  // If midnight does not exist (a DST jump at 00:00), the day starts at the first later instant.
  if (localDateKey(guess, timeZone) !== key) guess += 3_600_000;
  return guess;
}

export function startOfLocalDay(instant: number | Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  return startOfLocalDate(localDateKey(instant, timeZone), timeZone);
}

/** ISO weekday of a date key: 1 = Monday … 7 = Sunday. */
export function isoWeekday(key: DateKey): number {
  const d = new Date(parseKey(key)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The instant the ISO week (Monday 00:00 local) containing `instant` starts. */
export function startOfIsoWeek(instant: number | Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  const key = localDateKey(instant, timeZone);
  return startOfLocalDate(addDays(key, 1 - isoWeekday(key)), timeZone);
}
