import { mergeChunkPauses, mergeChunkSplits, pausesToIntervals } from './crash-recovery';

const split = (n: number, pace: number) => ({
  split_number: n,
  distance_meters: 1000,
  duration_seconds: pace,
  pace_seconds_per_km: pace,
  elevation_change_meters: 0,
});

describe('mergeChunkSplits (Decision 7)', () => {
  it('the client re-sends all splits in every chunk: one per number, latest version wins', () => {
    const chunks = [
      [split(1, 300)],
      [split(1, 300), split(2, 310)],
      [split(1, 300), split(2, 305), split(3, 320)],
    ];
    expect(mergeChunkSplits(chunks)).toEqual([split(1, 300), split(2, 305), split(3, 320)]);
  });

  it('numbers splits without split_number by position, sorts, and skips empty chunks', () => {
    const a = { distance_meters: 1000, pace_seconds_per_km: 300 };
    const b = { distance_meters: 1000, pace_seconds_per_km: 310 };
    expect(mergeChunkSplits([[a], null, [], [a, b]])).toEqual([a, b]);
    expect(mergeChunkSplits([[split(3, 1), split(1, 2)], [split(2, 3)]]).map((s) => s.split_number)).toEqual([
      1, 2, 3,
    ]);
    expect(mergeChunkSplits([])).toEqual([]);
  });
});

describe('mergeChunkPauses (Decision 7)', () => {
  const p1open = { paused_at: '2026-03-24T10:10:00Z', resumed_at: '' };
  const p1 = { paused_at: '2026-03-24T10:10:00Z', resumed_at: '2026-03-24T10:12:00Z' };
  const p2open = { paused_at: '2026-03-24T10:30:00Z', resumed_at: '' };

  it('keeps the latest version of each pause (the one that got its resumed_at)', () => {
    expect(mergeChunkPauses([[p1open], [p1], [p1]])).toEqual([p1]);
  });

  it('drops open pauses except the last one (run ended while paused)', () => {
    expect(mergeChunkPauses([[p1open], [p1open, p2open]])).toEqual([p2open]);
    expect(mergeChunkPauses([[p1], [p1, p2open]])).toEqual([p1, p2open]);
  });

  it('a stale open re-send does not undo a closed pause', () => {
    expect(mergeChunkPauses([[p1], [p1open]])).toEqual([p1]);
  });

  it('sorts by time and ignores pauses without paused_at', () => {
    const late = { paused_at: '2026-03-24T11:00:00+09:00', resumed_at: '2026-03-24T11:01:00+09:00' };
    const early = { paused_at: '2026-03-24T01:30:00Z', resumed_at: '2026-03-24T01:31:00Z' };
    // 11:00 KST is 02:00 UTC: after 01:30 UTC though it sorts first as a string.
    expect(mergeChunkPauses([[late, early, { paused_at: '', resumed_at: '' }]])).toEqual([early, late]);
  });

  it('converts to epoch intervals, closing an open last pause at the run end', () => {
    const end = Date.parse('2026-03-24T10:40:00Z');
    expect(pausesToIntervals([p1, p2open], end)).toEqual([
      { start: Date.parse(p1.paused_at), end: Date.parse(p1.resumed_at) },
      { start: Date.parse(p2open.paused_at), end },
    ]);
    expect(pausesToIntervals([p2open], null)).toEqual([]);
    expect(pausesToIntervals([{ paused_at: 'garbage', resumed_at: 'x' }], end)).toEqual([]);
    expect(pausesToIntervals([{ paused_at: p1.resumed_at, resumed_at: p1.paused_at }], end)).toEqual([]);
  });
});
