import {
  MAX_RUNNER_LEVEL,
  RUNNER_LEVEL_THRESHOLDS_M,
  distanceToNextLevel,
  runnerLevel,
} from './runner-level';

describe('runnerLevel (§8.6)', () => {
  it('has 96 increasing thresholds from 0 to 16 500 km', () => {
    expect(RUNNER_LEVEL_THRESHOLDS_M).toHaveLength(96);
    expect(MAX_RUNNER_LEVEL).toBe(96);
    expect(RUNNER_LEVEL_THRESHOLDS_M[0]).toBe(0);
    expect(RUNNER_LEVEL_THRESHOLDS_M[95]).toBe(16_500_000);
    for (let i = 1; i < 96; i++)
      expect(RUNNER_LEVEL_THRESHOLDS_M[i]).toBeGreaterThan(RUNNER_LEVEL_THRESHOLDS_M[i - 1]);
    // Spot checks against the table's rows.
    expect(RUNNER_LEVEL_THRESHOLDS_M[8]).toBe(50_000);
    expect(RUNNER_LEVEL_THRESHOLDS_M[39]).toBe(1_100_000);
    expect(RUNNER_LEVEL_THRESHOLDS_M[88]).toBe(13_620_000);
  });

  it('level = 1 + index of the highest threshold reached', () => {
    expect(runnerLevel(0)).toBe(1);
    expect(runnerLevel(4999)).toBe(1);
    expect(runnerLevel(5000)).toBe(2);
    expect(runnerLevel(39_999)).toBe(7);
    expect(runnerLevel(40_000)).toBe(8);
    expect(runnerLevel(16_499_999)).toBe(95);
    expect(runnerLevel(16_500_000)).toBe(96);
    expect(runnerLevel(1e12)).toBe(96);
    expect(runnerLevel(-10)).toBe(1);
    expect(runnerLevel(NaN)).toBe(1);
  });

  it('distance to the next level', () => {
    expect(distanceToNextLevel(0)).toBe(5000);
    expect(distanceToNextLevel(12_000)).toBe(3000);
    expect(distanceToNextLevel(17_000_000)).toBeNull();
  });
});
