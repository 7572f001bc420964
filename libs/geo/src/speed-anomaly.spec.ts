import {
  analyzeSpeedAnomaly,
  buildFlagReason,
  compareClientSummary,
  formatPace,
  gpsJumpReasons,
  toAnomalyResult,
} from './speed-anomaly';

describe('analyzeSpeedAnomaly (§4 worked examples)', () => {
  it('5000 m in 1500 s is not flagged', () => {
    expect(analyzeSpeedAnomaly({ distanceMeters: 5000, durationSeconds: 1500 })).toEqual({
      isFlagged: false,
      reasons: [],
      flagReason: null,
      confidence: 0,
    });
  });

  it('5000 m in 700 s is flagged: 7.1 > 6.8 (5km+), with the reference text', () => {
    const r = analyzeSpeedAnomaly({ distanceMeters: 5000, durationSeconds: 700 });
    expect(r.isFlagged).toBe(true);
    expect(r.flagReason).toBe('평균 속도 7.1m/s가 5km+ 인간 한계 6.8m/s를 초과');
    expect(r.confidence).toBeCloseTo(0.4, 10);
  });

  it('500 m in 45 s with max 13.0 → 2 reasons, confidence 0.8', () => {
    const r = analyzeSpeedAnomaly({ distanceMeters: 500, durationSeconds: 45, maxSpeedMs: 13.0 });
    expect(r.reasons).toEqual([
      '평균 속도 11.1m/s가 단거리 인간 한계 10.5m/s를 초과',
      '최고 속도 13.0m/s가 인간 한계 12.5m/s를 초과',
    ]);
    expect(r.confidence).toBeCloseTo(0.8, 10);
  });

  it('3000 m in 900 s, best pace 100, split paces 110 and 100 → best 1:40 + 1km split 1:50', () => {
    const r = analyzeSpeedAnomaly({
      distanceMeters: 3000,
      durationSeconds: 900,
      bestPaceSecondsPerKm: 100,
      splits: [{ paceSecondsPerKm: 110 }, { paceSecondsPerKm: 100 }],
    });
    expect(r.reasons).toHaveLength(2);
    expect(r.reasons[0]).toContain('1:40');
    expect(r.reasons[1]).toContain('1km');
    expect(r.reasons[1]).toContain('1:50');
    expect(r.flagReason).toBe(r.reasons.join(' / '));
  });

  it('42195 m in 7000 s is flagged (6.0 > 5.8, 풀마라톤+)', () => {
    const r = analyzeSpeedAnomaly({ distanceMeters: 42195, durationSeconds: 7000 });
    expect(r.isFlagged).toBe(true);
    expect(r.reasons[0]).toBe('평균 속도 6.0m/s가 풀마라톤+ 인간 한계 5.8m/s를 초과');
  });

  it('distance 0 or duration 0 is not flagged', () => {
    expect(analyzeSpeedAnomaly({ distanceMeters: 0, durationSeconds: 100, maxSpeedMs: 30 }).isFlagged).toBe(
      false,
    );
    expect(analyzeSpeedAnomaly({ distanceMeters: 100, durationSeconds: 0 }).isFlagged).toBe(false);
  });

  it('uses the larger of distance/duration and the given average speed', () => {
    expect(
      analyzeSpeedAnomaly({ distanceMeters: 5000, durationSeconds: 1500, avgSpeedMs: 7 }).isFlagged,
    ).toBe(true);
    expect(analyzeSpeedAnomaly({ distanceMeters: 5000, durationSeconds: 700, avgSpeedMs: 1 }).isFlagged).toBe(
      true,
    );
  });

  it('applies each bracket from its threshold on (10 km, half at 21 097 m)', () => {
    expect(
      analyzeSpeedAnomaly({ distanceMeters: 10_000, durationSeconds: 10_000 / 6.5 }).reasons[0],
    ).toContain('10km+');
    expect(analyzeSpeedAnomaly({ distanceMeters: 9_999, durationSeconds: 9_999 / 6.5 }).isFlagged).toBe(
      false,
    );
    expect(
      analyzeSpeedAnomaly({ distanceMeters: 21_097, durationSeconds: 21_097 / 6.1 }).reasons[0],
    ).toContain('하프마라톤+');
    expect(analyzeSpeedAnomaly({ distanceMeters: 999, durationSeconds: 100 }).isFlagged).toBe(false);
    expect(analyzeSpeedAnomaly({ distanceMeters: 1000, durationSeconds: 130 }).reasons[0]).toContain('1km+');
  });

  it('reports only the first too-fast split, by its split number, and ignores zero paces', () => {
    const r = analyzeSpeedAnomaly({
      distanceMeters: 5000,
      durationSeconds: 1500,
      splits: [
        { index: 1, paceSecondsPerKm: 0 },
        { index: 2, paceSecondsPerKm: 300 },
        { index: 3, paceSecondsPerKm: 119 },
        { index: 4, paceSecondsPerKm: 90 },
      ],
    });
    expect(r.reasons).toEqual(['3km 구간 페이스 1:59/km가 인간 한계 2:00/km보다 빠름']);
  });

  it('joins only the first three reasons and caps confidence at 1', () => {
    const r = analyzeSpeedAnomaly({
      distanceMeters: 3000,
      durationSeconds: 200,
      maxSpeedMs: 20,
      bestPaceSecondsPerKm: 60,
      splits: [{ paceSecondsPerKm: 60 }],
    });
    expect(r.reasons).toHaveLength(4);
    expect(r.flagReason!.split(' / ')).toHaveLength(3);
    expect(r.confidence).toBe(1);
  });
});

describe('helpers', () => {
  it('formatPace, buildFlagReason, toAnomalyResult', () => {
    expect(formatPace(100)).toBe('1:40');
    expect(formatPace(59.6)).toBe('1:00');
    expect(formatPace(3725)).toBe('62:05');
    expect(buildFlagReason([])).toBeNull();
    expect(buildFlagReason(['a', 'b', 'c', 'd'])).toBe('a / b / c');
    expect(toAnomalyResult(['x']).confidence).toBeCloseTo(0.4, 10);
  });

  it('gpsJumpReasons flags sustained jumps only', () => {
    expect(gpsJumpReasons(0)).toEqual([]);
    expect(gpsJumpReasons(2)[0]).toContain('2회');
  });
});

describe('compareClientSummary (tolerance: > 15 % and > 300 m; > 15 % and > 120 s)', () => {
  it('accepts small disagreements', () => {
    const r = compareClientSummary(
      { distanceMeters: 10_000, durationSeconds: 3000 },
      { distanceMeters: 10_250, durationSeconds: 3100 },
    );
    expect(r.isFlagged).toBe(false);
    expect(r.codes).toEqual([]);
    expect(r.distanceDiffMeters).toBe(250);
    expect(r.distanceDiffRatio).toBe(0.025);
  });

  it('flags a client distance 27 % longer than the GPS shows', () => {
    const r = compareClientSummary(
      { distanceMeters: 4100, durationSeconds: 1500 },
      { distanceMeters: 5200, durationSeconds: 1500 },
    );
    expect(r.codes).toEqual(['DISTANCE_MISMATCH']);
    expect(r.flagReason).toBe('기록 거리 5.20km가 GPS 계산 4.10km와 불일치 (27% 차이)');
  });

  it('needs both the ratio and the absolute tolerance', () => {
    // 50 % but only 250 m: a short run.
    expect(
      compareClientSummary(
        { distanceMeters: 500, durationSeconds: 200 },
        { distanceMeters: 750, durationSeconds: 200 },
      ).isFlagged,
    ).toBe(false);
    // 400 m but only 2 % of a half marathon.
    expect(
      compareClientSummary(
        { distanceMeters: 21_100, durationSeconds: 7000 },
        { distanceMeters: 21_500, durationSeconds: 7000 },
      ).isFlagged,
    ).toBe(false);
  });

  it('flags moving time that disagrees (e.g. a client that forgot pauses), and both at once', () => {
    const r = compareClientSummary(
      { distanceMeters: 5000, durationSeconds: 1500 },
      { distanceMeters: 8000, durationSeconds: 2400 },
    );
    expect(r.codes).toEqual(['DISTANCE_MISMATCH', 'DURATION_MISMATCH']);
    expect(r.reasons[1]).toBe('기록 시간 2400초가 GPS 계산 1500초와 불일치 (60% 차이)');
    expect(r.durationDiffSeconds).toBe(900);
    expect(r.confidence).toBeCloseTo(0.8, 10);
  });

  it('handles a server measurement of zero (no usable GPS) without dividing by zero', () => {
    const r = compareClientSummary(
      { distanceMeters: 0, durationSeconds: 0 },
      { distanceMeters: 5000, durationSeconds: 1500 },
    );
    expect(r.codes).toEqual(['DISTANCE_MISMATCH', 'DURATION_MISMATCH']);
    expect(r.distanceDiffRatio).toBeNull();
    expect(r.reasons[0]).toBe('기록 거리 5.00km가 GPS 계산 0.00km와 불일치');
  });
});
