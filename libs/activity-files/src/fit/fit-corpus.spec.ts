/**
 * Corpus test: every `.fit` of the shared fixtures (`<repo>/../shared/fixtures/activities/fit`),
 * against a per-file expectation table, FitCSVTool ground truth and a GPX twin.
 *
 * The table's points/session figures were cross-checked, record by record and field by field
 * (position, altitude, speed, distance, heart rate, cadence, time, session totals), against
 * @garmin/fitsdk 21.217 — and against fit-file-parser 6.1.2 for the FR255 file, on which the SDK throws.
 * summary = [distance m, elapsed s, timer s, ascent m, descent m, kcal, avg HR, max speed m/s], summed over sessions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityFileError, type ParsedActivity } from '../parsed-activity';
import { decodeFit, FIT_EPOCH_OFFSET_SECONDS, type FitMessage } from './fit-decoder';
import { parseFit } from './parse-fit';
import { ACTIVITY_CORPUS, corpusMissingMessage, hasActivityCorpus } from './testing/corpus';

type Summary = [
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
];

interface Expected {
  file: string;
  points?: number;
  sport?: ParsedActivity['sport'];
  label?: string | null;
  device?: string | null;
  start?: string | null;
  segments?: number;
  pauses?: number;
  summary?: Summary | null;
  error?: ActivityFileError['kind'];
}

// prettier-ignore
const EXPECTED: Expected[] = [
{ file: 'apple-watch-health-export-ride.fit', points: 336, sport: 'cycling', label: 'cycling', device: 'Strava', start: '2022-10-14T22:10:46.000Z', segments: 5, pauses: 4, summary: [1200.94, 334.313, null, null, null, 32, null, null] },
  { file: 'coros-apex-pro-run-power.fit', points: 2911, sport: 'running', label: 'running', device: 'COROS APEX Pro', start: '2020-03-14T13:52:29.000Z', segments: 1, pauses: 0, summary: [10743.64, 2922, 2922, 142, 144, 685, 160, 4.505] },
  { file: 'fitsdk-activity-bad-crc.fit', points: 14, sport: 'running', label: 'running', device: 'Dynastream HRM1', start: '2012-04-09T21:22:26.000Z', segments: 1, pauses: 0, summary: [5.73, 13.749, 13.749, 0, 0, 0, null, 0.368] },
  { file: 'fitsdk-activity-plus-settings-chained.fit', points: 14, sport: 'running', label: 'running', device: 'Dynastream HRM1', start: '2012-04-09T21:22:26.000Z', segments: 1, pauses: 0, summary: [5.73, 13.749, 13.749, 0, 0, 0, null, 0.368] },
  { file: 'fitsdk-activity-truncated.fit', points: 0, sport: 'other', label: null, device: 'Dynastream HRM1', start: '2012-04-09T21:22:26.000Z', segments: 0, pauses: 0, summary: null },
  { file: 'fitsdk-cookbook-poolswim.fit', points: 0, sport: 'swimming', label: 'lap_swimming', device: 'FIT Cookbook', start: '2021-07-20T21:11:20.000Z', segments: 0, pauses: 0, summary: [457.2, 840, 840, null, null, null, null, null] },
  { file: 'fitsdk-developer-data-minimal.fit', points: 0, sport: 'other', label: null, device: 'Dynastream', start: null, segments: 0, pauses: 0, summary: null },
  { file: 'fitsdk-hrm1-activity-minimal.fit', points: 14, sport: 'running', label: 'running', device: 'Dynastream HRM1', start: '2012-04-09T21:22:26.000Z', segments: 1, pauses: 0, summary: [5.73, 13.749, 13.749, 0, 0, 0, null, 0.368] },
  { file: 'garmin-edge1000-ride-devfields.fit', points: 1065, sport: 'cycling', label: 'road', device: 'Garmin Edge 1000', start: '2020-07-26T15:28:41.000Z', segments: 2, pauses: 1, summary: [25356.57, 3765.063, 3758.063, 106, 103, 826, 162, 16.329] },
  { file: 'garmin-edge1030-ride-power.fit', points: 6177, sport: 'cycling', label: 'road', device: 'Garmin Edge 1030', start: '2020-06-01T09:19:21.000Z', segments: 2, pauses: 1, summary: [48438.97, 6181.052, 6175.052, 862, 872, 831, 136, 18.503] },
  { file: 'garmin-edge1030plus-low-battery.fit', points: 0, sport: 'cycling', label: 'road', device: 'Garmin Edge 1030 Plus', start: '2020-05-29T13:17:42.000Z', segments: 0, pauses: 0, summary: [28156.69, 3975.076, 3975.076, 381, 381, 548, 118, 13.996] },
  { file: 'garmin-edge200-ride-no-hr.fit', points: 221, sport: 'cycling', label: 'cycling', device: 'Garmin Edge 200', start: '2015-10-13T15:43:15.000Z', segments: 6, pauses: 5, summary: [11536.43, 1623.198, 1558.198, 66, 84, 418, null, 13.784] },
  { file: 'garmin-edge500-ride.fit', points: 2965, sport: 'cycling', label: 'cycling', device: 'Garmin Edge 500', start: '2011-06-26T21:18:39.000Z', segments: 27, pauses: 28, summary: [88797.21, 11741.57, 10699.36, 299, 287, 2045, 166, 14.83] },
  { file: 'garmin-edge510-settings-not-activity.fit', error: 'NOT_AN_ACTIVITY' },
  { file: 'garmin-edge530-indoor-ride-hrv.fit', points: 0, sport: 'cycling', label: 'indoor_cycling', device: 'Garmin Edge 530', start: '2022-02-07T16:47:52.000Z', segments: 0, pauses: 1, summary: [6873.6, 1072.488, 1071.188, null, null, 216, 156, 15.144] },
  { file: 'garmin-edge800-indoor-trainer-no-gps.fit', points: 0, sport: 'cycling', label: 'cycling', device: 'Garmin Edge 800', start: '2011-11-02T12:54:19.000Z', segments: 0, pauses: 0, summary: [0, 2261.85, 2261.85, 4, 0, 379, 148, null] },
  { file: 'garmin-edge810-vector-power-ride.fit', points: 4700, sport: 'cycling', label: 'cycling', device: 'Garmin Edge 810', start: '2013-08-16T18:05:10.000Z', segments: 1, pauses: 0, summary: [41339.38, 4700.05, 4700.05, 514, 515, 1293, 154, 16.098] },
  { file: 'garmin-edge820-ride-short.fit', points: 15, sport: 'cycling', label: 'commuting', device: 'Garmin Edge 820', start: '2017-06-12T16:10:15.000Z', segments: 1, pauses: 0, summary: [457.12, 64.524, 64.524, 0, 0, 8, 116, 7.194] },
  { file: 'garmin-fenix2-run.fit', points: 2809, sport: 'running', label: 'running', device: 'Garmin fenix 2', start: '2015-08-15T14:45:08.000Z', segments: 1, pauses: 0, summary: [9008.22, 2832, 2832, 64, 61, 516, null, null] },
  { file: 'garmin-fenix5-run-short.fit', points: 21, sport: 'running', label: 'running', device: 'Garmin fenix 5', start: '2017-06-11T14:34:09.000Z', segments: 1, pauses: 0, summary: [157.56, 56.887, 56.887, 2, 0, 5, 90, 3.658] },
  { file: 'garmin-fenix5-walk.fit', points: 17, sport: 'walking', label: 'walking', device: 'Garmin fenix 5', start: '2017-06-11T14:32:51.000Z', segments: 1, pauses: 0, summary: [67.85, 45.379, 45.379, 1, 0, 4, 75, 1.605] },
  { file: 'garmin-fr110-run.fit', points: 583, sport: 'running', label: 'running', device: 'Garmin Forerunner 110', start: '2013-02-06T12:11:14.000Z', segments: 1, pauses: 0, summary: [4835.38, 2625.14, 2625.14, 168, 160, 336, 147, 5.222] },
  { file: 'garmin-fr255-triathlon-summary-last.fit', points: 4041, sport: 'other', label: 'multisport', device: 'Garmin Forerunner 255', start: '2023-09-02T13:15:24.000Z', segments: 5, pauses: 0, summary: [18726.43, 4042.745, 4042.745, 174, 163, 1016, 152, 16.525] },
  { file: 'garmin-fr70-compressed-timestamps.fit', points: 0, sport: 'running', label: 'running', device: 'Garmin Forerunner 70', start: '1990-07-18T06:44:24.000Z', segments: 0, pauses: 1, summary: [10248.67, 3883.273, 3772.75, null, null, 708, 170, 4.41] },
  { file: 'garmin-fr910xt-run-28km.fit', points: 20335, sport: 'running', label: 'running', device: 'Garmin Forerunner 910XT', start: '2012-08-18T05:15:44.000Z', segments: 1, pauses: 0, summary: [28524.95, 20343.2, 20343.2, 2295, 1414, 2531, 160, 4.842] },
  { file: 'garmin-fr920xt-triathlon-chained.fit', points: 1462, sport: 'other', label: 'multisport', device: 'Garmin Forerunner 920XT', start: '2018-05-27T07:33:01.000Z', segments: 5, pauses: 0, summary: [52533.68, 9491.348, 9491.348, 32, 41, 1885, 172, 11.197] },
  { file: 'garmin-fr945-multisport-bike-run.fit', points: 0, sport: 'other', label: 'multisport', device: 'Garmin Forerunner 945', start: '2020-04-20T19:56:20.000Z', segments: 0, pauses: 0, summary: [0, 76.872, 76.872, 0, 0, 2, 70, 0] },
  { file: 'garmin-fr945-pool-swim-25m.fit', points: 0, sport: 'swimming', label: 'lap_swimming', device: 'Garmin Forerunner 945', start: '2019-07-21T13:14:59.000Z', segments: 0, pauses: 0, summary: [2000, 2983.286, 2847.026, null, null, 401, 131, 1.008] },
  { file: 'garmin-fr945-run-stryd-devfields.fit', points: 4967, sport: 'running', label: 'running', device: 'Garmin Forerunner 945', start: '2019-06-15T09:42:23.000Z', segments: 1, pauses: 0, summary: [14004.85, 4989.112, 4989.112, 347, 371, 982, 137, 4.693] },
  { file: 'garmin-fr945-treadmill-run.fit', points: 0, sport: 'running', label: 'treadmill', device: 'Garmin Forerunner 945', start: '2020-02-02T11:19:33.000Z', segments: 0, pauses: 3, summary: [10630.37, 3763.503, 3097.789, null, null, 581, 145, 5.011] },
  { file: 'garmin-vivoactivehr-indoor-rowing.fit', points: 0, sport: 'rowing', label: 'indoor_rowing', device: 'Garmin vivoactive HR', start: '2017-05-18T16:37:30.000Z', segments: 0, pauses: 0, summary: [0, 1707.308, 1707.308, 0, 0, 286, 132, null] },
  { file: 'garmin-vivoactivehr-run-2067489619.fit', points: 502, sport: 'running', label: 'running', device: 'Garmin vivoactive HR', start: '2017-10-08T14:54:11.000Z', segments: 2, pauses: 1, summary: [4489.39, 2824.407, 2820.172, 33, 33, 358, 130, 2.893] },
  { file: 'magellan-ride-timestamps-span-27-days.fit', points: 3699, sport: 'cycling', label: 'cycling', device: 'Magellan', start: '2021-06-20T04:08:36.000Z', segments: 21, pauses: 20, summary: [56911.91, 2412583, 7373, 143, 133, 1212, 130, 12.156] },
  { file: 'onelap-indoor-ride.fit', points: 739, sport: 'cycling', label: 'indoor_cycling', device: 'Onelap', start: '2021-03-04T12:04:26.000Z', segments: 1, pauses: 0, summary: [7123.39, 720.318, 720.318, 59, 0, 204, 0, 13.449] },
  { file: 'stryd-run-developer-fields.fit', points: 3424, sport: 'running', label: 'running', device: 'Stryd', start: '2017-01-17T17:06:47.000Z', segments: 1, pauses: 0, summary: [6753.99, 3424, 3424, null, null, 0, null, 2.545] },
  { file: 'suunto-9-baro-trail-run-hrv.fit', points: 2147, sport: 'running', label: 'trail', device: 'Suunto 9 Baro', start: '2020-03-04T16:14:31.000Z', segments: 3, pauses: 2, summary: [6458, 2195.998, 2160.68, 3, 3, 487, 148, 4.26] },
  { file: 'suunto-9-run-no-hr.fit', points: 1025, sport: 'running', label: 'running', device: 'Suunto 9', start: '2021-05-10T18:19:59.000Z', segments: 1, pauses: 0, summary: [4330, 1263.765, 1263.68, 0, 7, 354, null, 5.3] },
  { file: 'wahoo-elemnt-bolt-ride.fit', points: 8828, sport: 'cycling', label: 'cycling', device: 'Wahoo ELEMNT BOLT', start: '2019-05-19T11:02:38.000Z', segments: 6, pauses: 5, summary: [72430.42, 9190, 8921, 539, 536, 2184, 143, 14.623] },
  { file: 'wahoo-elemnt-ride-devfields.fit', points: 13348, sport: 'cycling', label: 'cycling', device: 'Wahoo ELEMNT', start: '2019-02-17T06:26:44.000Z', segments: 54, pauses: 55, summary: [78940.55, 23595, 13471, 185, 89, 1724, 124, 10.954] },
  { file: 'zwift-virtual-ride.fit', points: 1808, sport: 'cycling', label: 'virtual_activity', device: 'Zwift', start: '2017-10-05T00:04:06.000Z', segments: 1, pauses: 0, summary: [13400.14, 1807, 1808, 92, 0, 212, 0, 15.069] },
];

/** Warnings some files must carry (substring match); every other file must have none. */
const EXPECTED_WARNINGS: Record<string, string[]> = {
  'fitsdk-activity-bad-crc.fit': ['file CRC mismatch'],
  'fitsdk-activity-truncated.fit': ['no session summary'],
  'fitsdk-developer-data-minimal.fit': ['no session summary'],
  'garmin-fr70-compressed-timestamps.fit': ['relative to device power-on'],
  'magellan-ride-timestamps-span-27-days.fit': ['jump forward by 27.8 days'],
};

const FIT_DIR = join(ACTIVITY_CORPUS, 'fit');
const read = (dir: string, file: string) => readFileSync(join(ACTIVITY_CORPUS, dir, file));

if (!hasActivityCorpus()) {
  describe('FIT corpus', () => {
    it.skip(corpusMissingMessage, () => undefined);
  });
} else {
  describe('FIT corpus: expectation table', () => {
    it('covers every .fit file of the corpus', () => {
      const files = readdirSync(FIT_DIR)
        .filter((f) => f.endsWith('.fit'))
        .sort();
      expect(EXPECTED.map((e) => e.file).sort()).toEqual(files);
    });

    it.each(EXPECTED)('$file', (exp) => {
      const bytes = read('fit', exp.file);
      if (exp.error !== undefined) {
        expect(() => parseFit(bytes)).toThrow(ActivityFileError);
        try {
          parseFit(bytes);
        } catch (e) {
          expect((e as ActivityFileError).kind).toBe(exp.error);
        }
        return;
      }
      const a = parseFit(bytes);
      expect(a.fileType).toBe('fit');
      expect(a.points).toHaveLength(exp.points!);
      expect(a.sport).toBe(exp.sport);
      expect(a.sportLabel).toBe(exp.label);
      expect(a.sourceDevice).toBe(exp.device);
      expect(a.startTime).toBe(exp.start === null ? null : Date.parse(exp.start!));
      expect(a.segmentStarts).toHaveLength(exp.segments!);
      expect(a.pauses).toHaveLength(exp.pauses!);
      if (exp.summary === null) {
        expect(a.deviceSummary).toBeNull();
      } else {
        const s = a.deviceSummary!;
        const got = [
          s.distanceMeters,
          s.elapsedSeconds,
          s.timerSeconds,
          s.ascentMeters,
          s.descentMeters,
          s.calories,
          s.avgHeartRate,
          s.maxSpeedMs,
        ];
        got.forEach((v, i) => {
          const want = exp.summary![i];
          if (want === null) expect(v).toBeNull();
          else expect(v).toBeCloseTo(want, 6);
        });
      }
      const wanted = EXPECTED_WARNINGS[exp.file] ?? [];
      expect(a.warnings).toHaveLength(wanted.length);
      for (const w of wanted)
        expect(a.warnings).toEqual(expect.arrayContaining([expect.stringContaining(w)]));

      // Invariants of the contract (plain loops: one expect per file, not per point).
      const badPoints = a.points.filter(
        (p) => !(Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180) || (p.lat === 0 && p.lng === 0),
      );
      expect(badPoints).toEqual([]);
      if (a.points.length > 0) expect(a.segmentStarts[0]).toBe(0);
      expect(
        a.segmentStarts.every((s, i) => s < a.points.length && (i === 0 || s > a.segmentStarts[i - 1])),
      ).toBe(true);
      expect(a.pauses.every((p) => p.end > p.start)).toBe(true);
    });
  });

  describe('FIT corpus: structure', () => {
    const structure = (file: string) => {
      let records = 0;
      let sessions = 0;
      const times: number[] = [];
      const result = decodeFit(read('fit', file), {
        wanted: Object.assign([], { 18: true, 20: true }),
        onMessage(m: FitMessage) {
          if (m.globalNum === 18) sessions++;
          else {
            records++;
            if (m.timestamp !== null) times.push(m.timestamp);
          }
        },
      });
      return { records, sessions, times, result };
    };

    it.each([
      ['garmin-fr920xt-triathlon-chained.fit', 4, 1773, 5],
      ['garmin-fr945-pool-swim-25m.fit', 4, 2848, 1],
      ['fitsdk-activity-plus-settings-chained.fit', 2, 14, 1],
      ['garmin-fr255-triathlon-summary-last.fit', 1, 4043, 5],
      ['garmin-fr910xt-run-28km.fit', 1, 20342, 1],
      ['wahoo-elemnt-ride-devfields.fit', 1, 13471, 1],
    ])('%s: %i chained file(s), %i records, %i sessions', (file, files, records, sessions) => {
      const s = structure(file);
      expect(s.result.files).toBe(files);
      expect(s.records).toBe(records);
      expect(s.sessions).toBe(sessions);
      expect(s.result.stoppedEarly).toBeNull();
    });

    it('decodes the compressed-timestamp file (FR70): 755 records, every one timed, in order', () => {
      const s = structure('garmin-fr70-compressed-timestamps.fit');
      expect(s.records).toBe(755);
      expect(s.times).toHaveLength(755);
      expect(s.times[0]).toBe(17217864);
      expect(s.times.every((t, i) => i === 0 || t >= s.times[i - 1])).toBe(true);
      expect(s.times[754]).toBe(17221744);
    });

    it('rejects the settings file with a clear reason', () => {
      expect(() => parseFit(read('fit', 'garmin-edge510-settings-not-activity.fit'))).toThrow(
        new ActivityFileError('This FIT file is a settings file, not an activity', 'NOT_AN_ACTIVITY'),
      );
    });

    it('gives the chained activity+settings file the same result as the activity alone', () => {
      expect(parseFit(read('fit', 'fitsdk-activity-plus-settings-chained.fit'))).toEqual(
        parseFit(read('fit', 'fitsdk-hrm1-activity-minimal.fit')),
      );
    });
  });

  describe('FIT corpus: FitCSVTool ground truth', () => {
    /** Splits one CSV line (FitCSVTool quotes values, never embeds commas in these files). */
    const cells = (line: string) =>
      line
        .replace(/^\uFEFF/, '')
        .split(',')
        .map((c) => c.replace(/^"(.*)"$/, '$1'));

    /** Data rows of one message as field → value maps. */
    function csvMessages(file: string, message: string): Record<string, string>[] {
      const out: Record<string, string>[] = [];
      for (const line of read('fit', file).toString('utf8').split(/\r?\n/)) {
        const c = cells(line);
        if (c[0] !== 'Data' || c[2] !== message) continue;
        const row: Record<string, string> = {};
        for (let i = 3; i + 1 < c.length; i += 3) if (c[i] !== '') row[c[i]] = c[i + 1];
        out.push(row);
      }
      return out;
    }

    interface RawRecord {
      timestamp: number | null;
      heart_rate: number | null;
      cadence: number | null;
      distance: number | null;
      speed: number | null;
      altitude: number | null;
    }

    function fitRecords(file: string): RawRecord[] {
      const out: RawRecord[] = [];
      decodeFit(read('fit', file), {
        wanted: Object.assign([], { 20: true }),
        onMessage(m) {
          const alt = m.num(78) ?? m.num(2);
          const dist = m.num(5);
          const speed = m.num(73) ?? m.num(6);
          out.push({
            timestamp: m.timestamp,
            heart_rate: m.num(3),
            cadence: m.num(4),
            distance: dist === null ? null : dist / 100,
            speed: speed === null ? null : speed / 1000,
            altitude: alt === null ? null : alt / 5 - 500,
          });
        },
      });
      return out;
    }

    const num = (v: string | undefined) => (v === undefined ? null : Number(v));

    it.each([
      ['garmin-fr945-multisport-bike-run.csv', 78],
      ['fitsdk-cookbook-poolswim.csv', 24],
      ['fitsdk-activity-truncated.csv', 14],
      ['fitsdk-developer-data-minimal.csv', 3],
    ])('%s: %i records with the same values', (csv, count) => {
      const fit = csv.replace(/\.csv$/, '.fit');
      const expected = csvMessages(csv, 'record');
      const got = fitRecords(fit);
      expect(expected).toHaveLength(count);
      expect(got).toHaveLength(count);
      expected.forEach((row, i) => {
        const g = got[i];
        expect(g.timestamp).toBe(num(row.timestamp));
        expect(g.heart_rate).toBe(num(row.heart_rate));
        expect(g.cadence).toBe(num(row.cadence));
        const want = {
          distance: num(row.distance),
          speed: num(row.enhanced_speed ?? row.speed),
          altitude: num(row.enhanced_altitude ?? row.altitude),
        };
        for (const k of ['distance', 'speed', 'altitude'] as const) {
          if (want[k] === null) expect(g[k]).toBeNull();
          else expect(g[k]).toBeCloseTo(want[k]!, 6);
        }
      });
    });

    it.each([['garmin-fr945-multisport-bike-run.csv'], ['fitsdk-cookbook-poolswim.csv']])(
      '%s: device summary and start time equal the CSV sessions',
      (csv) => {
        const sessions = csvMessages(csv, 'session');
        const a = parseFit(read('fit', csv.replace(/\.csv$/, '.fit')));
        const sum = (k: string) =>
          sessions.some((s) => s[k] !== undefined)
            ? sessions.reduce((t, s) => t + (num(s[k]) ?? 0), 0)
            : null;
        expect(a.deviceSummary).toEqual({
          distanceMeters: expect.closeTo(sum('total_distance')!, 6),
          elapsedSeconds: expect.closeTo(sum('total_elapsed_time')!, 6),
          timerSeconds: expect.closeTo(sum('total_timer_time')!, 6),
          ascentMeters: sum('total_ascent'),
          descentMeters: sum('total_descent'),
          calories: sum('total_calories'),
          avgHeartRate: sessions.length === 1 ? num(sessions[0].avg_heart_rate) : expect.any(Number),
          maxSpeedMs: sessions.some((s) => s.enhanced_max_speed ?? s.max_speed) ? expect.any(Number) : null,
        });
        const start = Math.min(...sessions.map((s) => Number(s.start_time)));
        expect(a.startTime).toBe((start + FIT_EPOCH_OFFSET_SECONDS) * 1000);
        expect(a.sport).toBe(sessions.length > 1 ? 'other' : 'swimming');
      },
    );

    it('truncated SDK file: no session in the CSV, none in ours', () => {
      expect(csvMessages('fitsdk-activity-truncated.csv', 'session')).toHaveLength(0);
      expect(parseFit(read('fit', 'fitsdk-activity-truncated.fit')).deviceSummary).toBeNull();
    });
  });

  describe('FIT corpus: GPX twin of the vivoactive HR run', () => {
    it('matches the Garmin Connect GPX export point by point', () => {
      const fit = parseFit(read('fit', 'garmin-vivoactivehr-run-2067489619.fit'));
      const gpx = read('gpx', 'garmin-connect-run-2067489619.gpx').toString('utf8');
      const trkpts = [...gpx.matchAll(/<trkpt lat="([^"]+)" lon="([^"]+)">([\s\S]*?)<\/trkpt>/g)].map(
        (m) => ({
          lat: Number(m[1]),
          lng: Number(m[2]),
          time: Date.parse(/<time>([^<]+)<\/time>/.exec(m[3])![1]),
          hr: Number(/<ns3:hr>(\d+)</.exec(m[3])?.[1]),
        }),
      );
      expect((gpx.match(/<trkpt/g) ?? []).length).toBe(502);
      expect(trkpts).toHaveLength(502);
      expect(fit.points).toHaveLength(trkpts.length);
      expect(fit.startTime).toBe(trkpts[0].time);
      trkpts.forEach((t, i) => {
        const p = fit.points[i];
        expect(Math.abs(p.lat - t.lat)).toBeLessThan(1e-9);
        expect(Math.abs(p.lng - t.lng)).toBeLessThan(1e-9);
        expect(p.time).toBe(t.time);
        expect(p.heartRate).toBe(t.hr);
      });
    });
  });
}
