/** Anything with a timestamp: epoch ms, or a point carrying `time` (ours) or `timestamp` (raw chunk). */
export type Timestamped =
  number | null | undefined | { time?: number | null; timestamp?: number | string | null };

function timeOf(t: Timestamped): number | null {
  if (t == null) return null;
  if (typeof t === 'number') return Number.isFinite(t) ? t : null;
  const v = t.time ?? t.timestamp;
  if (v == null) return null;
  const n = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * §3.2 / §17 `_validate_gps_temporal_order`: a warning (containing "out-of-order") when any
 * timestamp goes backwards; equal timestamps are fine; untimed entries are skipped. Null when in
 * order.
 */
export function gpsTemporalOrderWarning(points: readonly Timestamped[]): string | null {
  let last = -Infinity;
  let backwards = 0;
  let first = -1;
  points.forEach((p, i) => {
    const t = timeOf(p);
    if (t === null) return;
    if (t < last) {
      backwards++;
      if (first < 0) first = i;
    } else {
      last = t;
    }
  });
  if (backwards === 0) return null;
  return `GPS points out-of-order: ${backwards} timestamp(s) go backwards, first at index ${first}`;
}
