import type { CourseMatchResult } from '@runvs/geo';
import { cleanFilename } from './imports.service';
import type { RunValues } from '@runvs/runs';
import {
  activityTypeOf,
  compareWithDevice,
  damageNote,
  deviceDisagreementReasons,
  isBetterMatch,
  partialReadReason,
  runSourceOfFile,
  unusableActivityReason,
} from './import.rules';

const NO_DEVICE_TOTALS = {
  distanceMeters: null,
  elapsedSeconds: null,
  timerSeconds: null,
  ascentMeters: null,
  descentMeters: null,
  calories: null,
  avgHeartRate: null,
  maxSpeedMs: null,
};

describe('import rules', () => {
  it('refuses routes without time and activities under 100 m or 30 s', () => {
    const base = {
      measured: true,
      firstFixMs: 0,
      totalElapsedSeconds: 600,
      distanceMeters: 2000,
      route: [
        [127, 37.5],
        [127, 37.51],
      ],
    } as unknown as RunValues;
    expect(unusableActivityReason(base)).toBeNull();
    expect(unusableActivityReason({ ...base, measured: false })).toMatch(/no usable timestamps/);
    expect(unusableActivityReason({ ...base, route: null })).toMatch(/fewer than two usable GPS positions/);
    expect(unusableActivityReason({ ...base, distanceMeters: 99.4 })).toBe(
      'Activity too short (99 m; at least 100 m is needed)',
    );
    expect(unusableActivityReason({ ...base, totalElapsedSeconds: 29 })).toBe(
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

  it.each([
    ['running', null, 'run'],
    ['running', 'running', 'run'],
    ['running', 'street', 'run'],
    ['running', '9', 'run'],
    ['running', 'trail', 'trail_run'],
    ['running', 'TrailRun', 'trail_run'],
    ['running', 'treadmill', 'treadmill'],
    ['running', 'indoor_running', 'treadmill'],
    ['running', 'VirtualRun', 'treadmill'],
    ['walking', 'Walk', 'walk'],
    ['hiking', 'hiking', 'hike'],
    ['cycling', 'Ride', 'ride'],
    ['swimming', 'lap_swimming', 'other'],
    ['rowing', null, 'other'],
    ['other', 'yoga', 'other'],
  ] as const)('stores sport %s labelled %s as %s', (sport, label, type) => {
    expect(activityTypeOf(sport, label)).toBe(type);
  });

  it('says when a damaged file is only part of the run', () => {
    const skipped = {
      reason: 'data message at byte 900 uses undefined local message type 15',
      skippedBytes: 12,
      stopped: false,
    };
    const stopped = {
      reason: 'file is truncated: last message at byte 5000 is cut off',
      skippedBytes: 0,
      stopped: true,
    };
    expect(partialReadReason(null, 900, 11_300)).toBeNull();
    expect(partialReadReason(skipped, 900, 11_300)).toBe(
      'partial: 0.9 of 11.3 km read (the file is damaged: data message at byte 900 uses undefined local message type 15)',
    );
    // GPS a few per cent off the device's total is whole.
    expect(partialReadReason(skipped, 10_900, 11_300)).toBeNull();
    expect(partialReadReason(stopped, 900, null)).toBe(
      'partial: 0.9 km read; the rest of the file could not be read (file is truncated: last message at byte 5000 is cut off)',
    );
    expect(partialReadReason(skipped, 900, null)).toBeNull();
    expect(damageNote(skipped)).toMatch(/12 byte\(s\) skipped .* the rest was read/);
    expect(damageNote(stopped)).toBeNull();
  });

  it("says when our figures and the device's totals disagree by more than 3 %", () => {
    const device = { distanceMeters: 10_000, durationSeconds: 3_000 };
    expect(deviceDisagreementReasons({ distanceMeters: 10_250, durationSeconds: 3_080 }, device)).toEqual([]);
    expect(deviceDisagreementReasons({ distanceMeters: 10_400, durationSeconds: 2_880 }, device)).toEqual([
      "our GPS distance 10.40 km and the device's 10.00 km differ by 4.0 %",
      "our timer time 2880 s and the device's 3000 s differ by 4.0 %",
    ]);
    expect(
      deviceDisagreementReasons({ distanceMeters: 10_000, durationSeconds: 3_200 }, device, 'moving'),
    ).toEqual(["our moving time 3200 s and the device's 3000 s differ by 6.7 %"]);
    expect(deviceDisagreementReasons({ distanceMeters: 10_400, durationSeconds: 1 }, null)).toEqual([]);
    expect(
      deviceDisagreementReasons(
        { distanceMeters: 10_400, durationSeconds: 1 },
        { distanceMeters: null, durationSeconds: 0 },
      ),
    ).toEqual([]);
  });

  it("compares the device's timer with the closer of our timer time and our moving time", () => {
    const start = 1_700_000_000_000;
    // 2,000 s from first to last fix, of which 300 s standing still: our moving time 1,700 s.
    const values = {
      gpsDistanceMeters: 5_000,
      movingTimeSeconds: 1_700,
      firstFixMs: start,
      lastFixMs: start + 2_000_000,
    };
    const device = (timer: number) => ({
      deviceSummary: { ...NO_DEVICE_TOTALS, distanceMeters: 5_000, timerSeconds: timer },
      pauses: [],
    });
    const notes = (timer: number) =>
      compareWithDevice(values as unknown as RunValues, device(timer), false).disagreements;
    expect(notes(2_000)).toEqual([]); // a timer left running through the stop
    expect(notes(1_705)).toEqual([]); // auto-pause: the stop left out, as we do
    expect(notes(1_300)).toEqual(["our moving time 1700 s and the device's 1300 s differ by 30.8 %"]);
    expect(notes(2_400)).toEqual(["our timer time 2000 s and the device's 2400 s differ by 16.7 %"]);
    // A file read only in part shows ours and compares nothing.
    expect(compareWithDevice(values as unknown as RunValues, device(1_300), true)).toEqual({
      deviceTotals: null,
      disagreements: [],
    });
  });

  it('maps file types to run sources', () => {
    expect([runSourceOfFile('fit'), runSourceOfFile('tcx'), runSourceOfFile('gpx')]).toEqual([
      'fit_upload',
      'tcx_upload',
      'gpx_upload',
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
