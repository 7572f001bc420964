/**
 * Decision 7: the client re-sends every split and pause so far in every chunk, so concatenating
 * chunks (as the reference did) duplicates them. These merge them back.
 */

/** The client's split shape (contract `completed_splits`); only `split_number` is read. */
export interface ChunkSplit {
  split_number?: number | null;
  distance_meters?: number;
  duration_seconds?: number;
  pace_seconds_per_km?: number;
  elevation_change_meters?: number;
}

export interface ChunkPause {
  paused_at: string;
  /** "" (or missing) while the pause is still open */
  resumed_at?: string | null;
}

/**
 * One split per split number, the version from the latest chunk winning, sorted by number.
 * `chunks` are the `completed_splits` lists in chunk-sequence order; a split without a number is
 * numbered by its position in its list (the client sends splits 1…n in order).
 */
export function mergeChunkSplits<T extends ChunkSplit>(
  chunks: ReadonlyArray<ReadonlyArray<T> | null | undefined>,
): T[] {
  const byNumber = new Map<number, T>();
  for (const list of chunks) {
    if (!list) continue;
    list.forEach((split, i) => {
      const n = split.split_number ?? i + 1;
      byNumber.set(n, split);
    });
  }
  return [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}

function isOpen(p: ChunkPause): boolean {
  return p.resumed_at == null || p.resumed_at.trim() === '';
}

function instant(s: string): number {
  const t = Date.parse(s);
  return Number.isNaN(t) ? NaN : t;
}

function comparePausedAt(a: ChunkPause, b: ChunkPause): number {
  const ta = instant(a.paused_at);
  const tb = instant(b.paused_at);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  return a.paused_at < b.paused_at ? -1 : a.paused_at > b.paused_at ? 1 : 0;
}

/**
 * One pause per `paused_at`, the latest chunk's version winning (a later chunk carries the
 * `resumed_at` of a pause that was open before), sorted by time. Open pauses are dropped except
 * the very last one, which is a run that ended (or crashed) while paused.
 */
export function mergeChunkPauses<T extends ChunkPause>(
  chunks: ReadonlyArray<ReadonlyArray<T> | null | undefined>,
): T[] {
  const byStart = new Map<string, T>();
  for (const list of chunks) {
    if (!list) continue;
    for (const p of list) {
      if (typeof p.paused_at !== 'string' || p.paused_at === '') continue;
      const prev = byStart.get(p.paused_at);
      // A closed version is never replaced by an open one from a stale re-send.
      if (prev && !isOpen(prev) && isOpen(p)) continue;
      byStart.set(p.paused_at, p);
    }
  }
  const sorted = [...byStart.values()].sort(comparePausedAt);
  return sorted.filter((p, i) => !isOpen(p) || i === sorted.length - 1);
}

/**
 * Merged pauses as epoch-ms intervals for `computeRunMetrics`; an open last pause is closed at
 * `runEndMs`. Unparseable or inverted pauses are skipped.
 */
export function pausesToIntervals(
  pauses: readonly ChunkPause[],
  runEndMs: number | null,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const p of pauses) {
    const start = instant(p.paused_at);
    const end = isOpen(p) ? (runEndMs ?? NaN) : instant(p.resumed_at as string);
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) continue;
    out.push({ start, end });
  }
  return out;
}
