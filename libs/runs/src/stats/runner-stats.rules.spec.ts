import {
  averagePace,
  bestEfforts,
  estimatedEffortSeconds,
  labelForEffortKey,
  weeklySeries,
} from './runner-stats.rules';

describe('stats rules', () => {
  it('average pace is total time over total km, floored; null without distance', () => {
    expect(averagePace(1500, 5000)).toBe(300);
    expect(averagePace(1801, 6000)).toBe(300);
    expect(averagePace(100, 0)).toBeNull();
  });

  it('fills every week of the series, empty ones with zeros and a null pace', () => {
    const series = weeklySeries(
      '2026-03-02',
      3,
      new Map([['2026-03-09', { distance_meters: 10_000, run_count: 2, duration_seconds: 3_000 }]]),
    );
    expect(series).toEqual([
      { week_start: '2026-03-02', distance_meters: 0, run_count: 0, duration_seconds: 0, avg_pace: null },
      {
        week_start: '2026-03-09',
        distance_meters: 10_000,
        run_count: 2,
        duration_seconds: 3_000,
        avg_pace: 300,
      },
      { week_start: '2026-03-16', distance_meters: 0, run_count: 0, duration_seconds: 0, avg_pace: null },
    ]);
  });

  it('estimates an effort from average pace (§8.5)', () => {
    expect(estimatedEffortSeconds(5000, 300)).toBe(1500);
    expect(estimatedEffortSeconds(21097, 300)).toBe(6329);
  });

  it('maps stored effort keys to the screen labels', () => {
    expect(labelForEffortKey('1k')).toBe('1K');
    expect(labelForEffortKey('marathon')).toBe('Full');
    expect(labelForEffortKey('HALF')).toBe('Half');
    expect(labelForEffortKey('400m')).toBeNull();
    expect(labelForEffortKey('1mile')).toBeNull();
  });

  it('picks the fastest candidate per distance, earlier on ties, nulls where none', () => {
    const efforts = bestEfforts([
      { label: '5K', seconds: 1500, runId: 'slow', achievedDate: '2026-01-01' },
      { label: '5K', seconds: 1380.4, runId: 'fast', achievedDate: '2026-02-01' },
      { label: '1K', seconds: 250, runId: 'later', achievedDate: '2026-03-02' },
      { label: '1K', seconds: 250, runId: 'earlier', achievedDate: '2026-03-01' },
      { label: '10K', seconds: 0, runId: 'broken', achievedDate: '2026-03-01' },
    ]);
    expect(efforts.map((effort) => effort.distance_label)).toEqual(['1K', '3K', '5K', '10K', 'Half', 'Full']);
    expect(efforts[0]).toEqual({
      distance_label: '1K',
      target_meters: 1000,
      best_time_seconds: 250,
      best_pace: 250,
      achieved_date: '2026-03-01',
      run_id: 'earlier',
    });
    expect(efforts[2]).toMatchObject({ best_time_seconds: 1380, best_pace: 276, run_id: 'fast' });
    expect(efforts[3]).toMatchObject({
      best_time_seconds: null,
      best_pace: null,
      achieved_date: null,
      run_id: null,
    });
  });
});
