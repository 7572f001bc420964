/**
 * Strava's limits are per application: a 15-minute window (resetting at :00, :15, :30, :45) and a
 * daily one (resetting at midnight UTC), for all requests and separately for reads. Every response
 * carries `X-RateLimit-Limit/Usage: <15min>,<daily>` and `X-ReadRateLimit-*` (any header case).
 */
export interface RateLimitWindowUsage {
  shortLimit: number;
  shortUsage: number;
  dailyLimit: number;
  dailyUsage: number;
}

const FIFTEEN_MIN_MS = 15 * 60_000;

function pair(value: string | null): [number, number] | null {
  if (!value) return null;
  const [a, b] = value.split(',').map((v) => Number(v.trim()));
  return Number.isFinite(a) && Number.isFinite(b) ? [a, b] : null;
}

/** The overall (`all`) and read windows found in the headers (either may be absent). */
export function parseRateLimitHeaders(headers: { get(name: string): string | null }): {
  all?: RateLimitWindowUsage;
  read?: RateLimitWindowUsage;
} {
  const window = (prefix: string): RateLimitWindowUsage | undefined => {
    const limit = pair(headers.get(`${prefix}-limit`));
    const usage = pair(headers.get(`${prefix}-usage`));
    return limit && usage
      ? { shortLimit: limit[0], dailyLimit: limit[1], shortUsage: usage[0], dailyUsage: usage[1] }
      : undefined;
  };
  const out: { all?: RateLimitWindowUsage; read?: RateLimitWindowUsage } = {};
  const all = window('x-ratelimit');
  const read = window('x-readratelimit');
  if (all) out.all = all;
  if (read) out.read = read;
  return out;
}

/** The windows found in the headers, as a list. */
export function parseRateLimits(headers: { get(name: string): string | null }): RateLimitWindowUsage[] {
  const { all, read } = parseRateLimitHeaders(headers);
  return [all, read].filter((w): w is RateLimitWindowUsage => w !== undefined);
}

export function nextQuarterHour(nowMs: number): number {
  return Math.floor(nowMs / FIFTEEN_MIN_MS) * FIFTEEN_MIN_MS + FIFTEEN_MIN_MS;
}

export function nextUtcMidnight(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/**
 * Until when no further request should be made, or null when there is room left. A 429 without
 * usable headers waits for the next 15-minute window.
 */
export function rateLimitedUntil(
  windows: RateLimitWindowUsage[],
  nowMs: number,
  got429: boolean,
): number | null {
  let until: number | null = null;
  for (const w of windows) {
    if (w.dailyLimit > 0 && w.dailyUsage >= w.dailyLimit)
      until = Math.max(until ?? 0, nextUtcMidnight(nowMs));
    else if (w.shortLimit > 0 && w.shortUsage >= w.shortLimit)
      until = Math.max(until ?? 0, nextQuarterHour(nowMs));
  }
  if (got429 && until === null) until = nextQuarterHour(nowMs);
  return until;
}
