import type { CourseMatchResult } from '@runvs/geo';
import { cleanFilename } from './imports.service';
import {
  isBetterMatch,
  isSimilarDistance,
  pausesJson,
  runSourceOfFile,
  unusableActivityReason,
} from './import.rules';

describe('import rules', () => {
  it('treats distances within 10 % (at least 150 m) as the same activity', () => {
    expect(isSimilarDistance(10_000, 10_900)).toBe(true);
    expect(isSimilarDistance(10_000, 11_200)).toBe(false);
    expect(isSimilarDistance(800, 940)).toBe(true);
    expect(isSimilarDistance(800, 1_000)).toBe(false);
  });

  it('refuses routes without time and activities under 100 m or 30 s', () => {
    const base = { elapsedSeconds: 600, distanceMeters: 2000 } as Parameters<
      typeof unusableActivityReason
    >[0];
    expect(unusableActivityReason(base)).toBeNull();
    expect(unusableActivityReason({ ...base, elapsedSeconds: 0 })).toMatch(/no usable timestamps/);
    expect(unusableActivityReason({ ...base, distanceMeters: 99.4 })).toBe(
      'Activity too short (99 m; at least 100 m is needed)',
    );
    expect(unusableActivityReason({ ...base, elapsedSeconds: 29 })).toBe(
      'Activity too short (29 s; at least 30 s is needed)',
    );
  });

  it('prefers a completed match, then the higher match percentage', () => {
    const m = (isCompleted: boolean, routeMatchPercent: number) =>
      ({ isCompleted, routeMatchPercent, coveragePercent: 90 }) as CourseMatchResult;
    expect(isBetterMatch(m(false, 50), null)).toBe(true);
    expect(isBetterMatch(m(true, 81), m(false, 99))).toBe(true);
    expect(isBetterMatch(m(true, 85), m(true, 90))).toBe(false);
  });

  it('maps file types and pauses to the run record', () => {
    expect([runSourceOfFile('fit'), runSourceOfFile('tcx'), runSourceOfFile('gpx')]).toEqual([
      'fit_upload',
      'tcx_upload',
      'gpx_upload',
    ]);
    expect(pausesJson([{ start: 0, end: 60_000, source: 'auto' }])).toEqual([
      { paused_at: '1970-01-01T00:00:00.000Z', resumed_at: '1970-01-01T00:01:00.000Z' },
    ]);
  });

  it('keeps only the base name of an uploaded file', () => {
    expect(cleanFilename('C:\\Users\\me\\run.gpx')).toBe('run.gpx');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('a\u0000b.fit')).toBe('ab.fit');
    expect(cleanFilename('   ')).toBeNull();
    expect(cleanFilename(undefined)).toBeNull();
    expect(cleanFilename(`${'x'.repeat(300)}.gpx`)).toHaveLength(255);
  });
});
