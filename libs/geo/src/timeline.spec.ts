import { trackFromLegs, T0 } from './testing/tracks';
import { buildRunTimeline, detectAutoPauses, mergeIntervals } from './timeline';

describe('buildRunTimeline', () => {
  it('measures a steady run: distance, moving = elapsed, no pauses', () => {
    const run = trackFromLegs([{ duration: 600, speed: 3 }]);
    const tl = buildRunTimeline(run);
    expect(tl.totalDistance).toBeCloseTo(1800, 0);
    expect(tl.movingSeconds).toBe(600);
    expect(tl.elapsedSeconds).toBe(600);
    expect(tl.pauses).toEqual([]);
  });

  it('takes steps that overlap an explicit pause out of distance and moving time', () => {
    // Runs 100 s, walks 60 s with the timer stopped, runs 100 s.
    const run = trackFromLegs([
      { duration: 100, speed: 3 },
      { duration: 60, speed: 1 },
      { duration: 100, speed: 3 },
    ]);
    const tl = buildRunTimeline(run, { pauses: [{ start: T0 + 100_000, end: T0 + 160_000 }] });
    expect(tl.movingSeconds).toBe(200);
    expect(tl.elapsedSeconds).toBe(260);
    expect(tl.totalDistance).toBeCloseTo(600, 0);
    expect(tl.pauses).toEqual([{ start: T0 + 100_000, end: T0 + 160_000, source: 'explicit' }]);
  });

  it('merges overlapping explicit pauses and ignores empty ones', () => {
    expect(
      mergeIntervals([
        { start: 50, end: 60 },
        { start: 10, end: 20 },
        { start: 15, end: 30 },
        { start: 30, end: 40 },
        { start: 70, end: 70 },
      ]),
    ).toEqual([
      { start: 10, end: 40 },
      { start: 50, end: 60 },
    ]);
  });

  it('auto-pauses a recorded gap with no movement (watch auto-pause) but not a tunnel gap', () => {
    const a = trackFromLegs([{ duration: 60, speed: 3 }]);
    const standGap = a.map((p, i) => (i > 30 ? { ...p, time: (p.time as number) + 90_000 } : p));
    const tl = buildRunTimeline(standGap);
    expect(tl.pauses).toEqual([{ start: T0 + 30_000, end: T0 + 121_000, source: 'auto' }]);
    expect(tl.movingSeconds).toBe(59);

    // Tunnel: 80 s without fixes while moving 240 m.
    const tunnel = trackFromLegs([{ duration: 200, speed: 3 }]).filter((_p, i) => i <= 50 || i >= 130);
    expect(buildRunTimeline(tunnel).movingSeconds).toBe(200);
  });

  it('auto-pauses standing still for 45 s (GPS wander σ 3 m) but not for 20 s', () => {
    const long = trackFromLegs(
      [
        { duration: 120, speed: 3 },
        { duration: 45, speed: 0 },
        { duration: 120, speed: 3 },
      ],
      { noise: 3, seed: 2 },
    );
    const tl = buildRunTimeline(long);
    expect(tl.pauses).toHaveLength(1);
    const pausedSeconds = tl.elapsedSeconds - tl.movingSeconds;
    expect(pausedSeconds).toBeGreaterThanOrEqual(38);
    expect(pausedSeconds).toBeLessThanOrEqual(53);

    const short = trackFromLegs(
      [
        { duration: 120, speed: 3 },
        { duration: 20, speed: 0 },
        { duration: 120, speed: 3 },
      ],
      { noise: 3, seed: 2 },
    );
    expect(buildRunTimeline(short).pauses).toEqual([]);
  });

  it('does not auto-pause slow uphill walking at 0.7 m/s', () => {
    const walk = trackFromLegs([{ duration: 300, speed: 0.7 }], { noise: 2 });
    expect(detectAutoPauses(walk)).toEqual([]);
  });

  it('keeps the net distance of an auto-detected stop but not the GPS drift inside it', () => {
    // 120 s standing with σ 3 m wander: summing the fixes would add ~400 m.
    const run = trackFromLegs(
      [
        { duration: 100, speed: 3 },
        { duration: 120, speed: 0 },
        { duration: 100, speed: 3 },
      ],
      { noise: 3, seed: 4 },
    );
    const tl = buildRunTimeline(run);
    const raw = buildRunTimeline(run, { autoPause: false });
    expect(tl.pauses.map((p) => p.source)).toEqual(['auto']);
    // The stop's wander (≈ 120 steps × 5–6 m) is gone; what remains is the running part.
    expect(raw.totalDistance - tl.totalDistance).toBeGreaterThan(450);
    expect(raw.totalDistance - tl.totalDistance).toBeLessThan(800);
  });

  it('can switch auto-pause off', () => {
    const a = trackFromLegs([{ duration: 60, speed: 3 }]);
    const gap = a.map((p, i) => (i > 30 ? { ...p, time: (p.time as number) + 90_000 } : p));
    expect(buildRunTimeline(gap, { autoPause: false }).movingSeconds).toBe(150);
  });

  it('reports only the part of an auto pause that an explicit pause does not cover', () => {
    const run = trackFromLegs([
      { duration: 60, speed: 3 },
      { duration: 120, speed: 0 },
      { duration: 60, speed: 3 },
    ]);
    const tl = buildRunTimeline(run, { pauses: [{ start: T0 + 60_000, end: T0 + 120_000 }] });
    const explicit = tl.pauses.filter((p) => p.source === 'explicit');
    const auto = tl.pauses.filter((p) => p.source === 'auto');
    expect(explicit).toEqual([{ start: T0 + 60_000, end: T0 + 120_000, source: 'explicit' }]);
    // The stop runs to 180 s; the auto part starts where the explicit pause ends.
    expect(auto.some((p) => p.start === T0 + 120_000 && p.end >= T0 + 177_000)).toBe(true);
    for (const a of auto) expect(a.end <= T0 + 60_000 || a.start >= T0 + 120_000).toBe(true);
    expect(tl.movingSeconds).toBeGreaterThanOrEqual(115);
    expect(tl.movingSeconds).toBeLessThanOrEqual(120);
  });

  it('handles untimed and empty tracks', () => {
    const run = trackFromLegs([{ duration: 10, speed: 3 }]).map((p) => ({ ...p, time: null }));
    const tl = buildRunTimeline(run);
    expect(tl.totalDistance).toBeCloseTo(30, 3);
    expect(tl.movingSeconds).toBe(0);
    expect(tl.elapsedSeconds).toBe(0);
    expect(buildRunTimeline([]).totalDistance).toBe(0);
  });
});
