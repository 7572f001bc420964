import { gpsTemporalOrderWarning } from './gps-order';

describe('gpsTemporalOrderWarning (§17 test_run_logic `_validate_gps_temporal_order`)', () => {
  it('1000, 2000, 3000 → no warning', () => {
    expect(gpsTemporalOrderWarning([1000, 2000, 3000])).toBeNull();
  });

  it('3000, 1000, 2000 → warning mentioning out-of-order', () => {
    expect(gpsTemporalOrderWarning([3000, 1000, 2000])).toContain('out-of-order');
  });

  it('a single point or none → no warning', () => {
    expect(gpsTemporalOrderWarning([1000])).toBeNull();
    expect(gpsTemporalOrderWarning([])).toBeNull();
  });

  it('equal timestamps → no warning', () => {
    expect(gpsTemporalOrderWarning([1000, 1000])).toBeNull();
  });

  it('reads `time` or raw-chunk `timestamp` (number or ISO) and skips untimed entries', () => {
    expect(gpsTemporalOrderWarning([{ time: 2000 }, { timestamp: 1000 }])).toContain('out-of-order');
    expect(
      gpsTemporalOrderWarning([{ timestamp: '2026-01-01T00:00:02Z' }, { timestamp: '2026-01-01T00:00:01Z' }]),
    ).toBe('GPS points out-of-order: 1 timestamp(s) go backwards, first at index 1');
    expect(gpsTemporalOrderWarning([1000, null, { time: null }, undefined, 2000])).toBeNull();
  });
});
