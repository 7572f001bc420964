import { seededRandom } from '@runvs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActivityFileError, type ParsedActivity } from '../parsed-activity';
import { fitCrc16 } from './fit-crc';
import { deviceName, mapSport, parseFit } from './parse-fit';
import {
  BT,
  concatBytes,
  FitFileBuilder,
  fitTime,
  semicircles,
  type FieldValue,
} from './testing/fit-file-builder';

const FIXTURES = join(__dirname, '..', '__fixtures__');
const fenix5 = () => new Uint8Array(readFileSync(join(FIXTURES, 'garmin-fenix5-run-short.fit')));
const hrm1 = () => new Uint8Array(readFileSync(join(FIXTURES, 'fitsdk-hrm1-activity-minimal.fit')));

const T0 = fitTime('2024-05-01T06:00:00Z');
const MS0 = Date.parse('2024-05-01T06:00:00Z');

// Local message types used by the synthetic files below.
const L_FILE_ID = 0;
const L_RECORD = 1;
const L_EVENT = 2;
const L_SESSION = 3;
const L_DEVICE = 4;
const L_SPORT = 5;

interface Rec {
  t?: number | null; // seconds after T0
  lat?: number | null; // degrees
  lng?: number | null;
  rawLat?: number; // semicircles, to write invalid/odd values
  rawLng?: number;
  alt?: number | null; // metres, written to `altitude`
  enhAlt?: number | null; // metres, written to `enhanced_altitude`
  hr?: number | null;
  cad?: number | null;
  dist?: number | null; // metres
  speed?: number | null; // m/s
  enhSpeed?: number | null;
}

interface Sess {
  start: number; // seconds after T0
  sport: number;
  sub?: number;
  elapsed?: number | null; // s
  timer?: number | null;
  dist?: number | null; // m
  cal?: number | null;
  maxSpeed?: number | null; // m/s
  enhMaxSpeed?: number | null;
  hr?: number | null;
  asc?: number | null;
  desc?: number | null;
}

const scaled = (v: number | null | undefined, scale: number, offset = 0): number | null =>
  v == null ? null : Math.round((v + offset) * scale);

/** Fluent writer of synthetic FIT activities on top of {@link FitFileBuilder}. */
class Activity {
  readonly b = new FitFileBuilder();

  constructor(
    fileType: number | null = 4,
    manufacturer = 1,
    product = 3113,
    opts: { noFileId?: boolean } = {},
  ) {
    this.b
      .define(L_FILE_ID, 0, [
        [0, 1, BT.enum],
        [1, 2, BT.uint16],
        [2, 2, BT.uint16],
        [4, 4, BT.uint32],
      ])
      .define(L_RECORD, 20, [
        [253, 4, BT.uint32],
        [0, 4, BT.sint32],
        [1, 4, BT.sint32],
        [2, 2, BT.uint16],
        [78, 4, BT.uint32],
        [3, 1, BT.uint8],
        [4, 1, BT.uint8],
        [5, 4, BT.uint32],
        [6, 2, BT.uint16],
        [73, 4, BT.uint32],
      ])
      .define(L_EVENT, 21, [
        [253, 4, BT.uint32],
        [0, 1, BT.enum],
        [1, 1, BT.enum],
      ])
      .define(L_SESSION, 18, [
        [253, 4, BT.uint32],
        [2, 4, BT.uint32],
        [5, 1, BT.enum],
        [6, 1, BT.enum],
        [7, 4, BT.uint32],
        [8, 4, BT.uint32],
        [9, 4, BT.uint32],
        [11, 2, BT.uint16],
        [15, 2, BT.uint16],
        [125, 4, BT.uint32],
        [16, 1, BT.uint8],
        [22, 2, BT.uint16],
        [23, 2, BT.uint16],
      ])
      .define(L_DEVICE, 23, [
        [0, 1, BT.uint8],
        [2, 2, BT.uint16],
        [4, 2, BT.uint16],
        [27, 20, BT.string],
      ])
      .define(L_SPORT, 12, [
        [0, 1, BT.enum],
        [1, 1, BT.enum],
      ]);
    if (!opts.noFileId) this.b.data(L_FILE_ID, [fileType, manufacturer, product, T0]);
  }

  rec(r: Rec): this {
    const values: FieldValue[] = [
      r.t === null ? null : T0 + (r.t ?? 0),
      r.rawLat ?? (r.lat == null ? null : semicircles(r.lat)),
      r.rawLng ?? (r.lng == null ? null : semicircles(r.lng)),
      scaled(r.alt, 5, 500),
      scaled(r.enhAlt, 5, 500),
      r.hr ?? null,
      r.cad ?? null,
      scaled(r.dist, 100),
      scaled(r.speed, 1000),
      scaled(r.enhSpeed, 1000),
    ];
    this.b.data(L_RECORD, values);
    return this;
  }

  /** Records along a line of latitude starting at `t` seconds, one per second. */
  track(t: number, n: number, lat0 = 37.5): this {
    for (let i = 0; i < n; i++)
      this.rec({ t: t + i, lat: lat0 + i * 0.0001, lng: 127.0, enhAlt: 10 + i, hr: 140 });
    return this;
  }

  timer(t: number, type: 'start' | 'stop' | 'stop_all'): this {
    this.b.data(L_EVENT, [T0 + t, 0, { start: 0, stop: 1, stop_all: 4 }[type]]);
    return this;
  }

  session(s: Sess): this {
    this.b.data(L_SESSION, [
      T0 + s.start + (s.elapsed ?? 0),
      T0 + s.start,
      s.sport,
      s.sub ?? 0,
      scaled(s.elapsed, 1000),
      scaled(s.timer, 1000),
      scaled(s.dist, 100),
      s.cal ?? null,
      scaled(s.maxSpeed, 1000),
      scaled(s.enhMaxSpeed, 1000),
      s.hr ?? null,
      s.asc ?? null,
      s.desc ?? null,
    ]);
    return this;
  }

  device(index: number, manufacturer: number | null, product: number | null, name: string | null): this {
    this.b.data(L_DEVICE, [index, manufacturer, product, name]);
    return this;
  }

  sport(sport: number, sub: number): this {
    this.b.data(L_SPORT, [sport, sub]);
    return this;
  }

  bytes(opts: Parameters<FitFileBuilder['build']>[0] = {}): Uint8Array {
    return this.b.build(opts);
  }

  parse(options?: Parameters<typeof parseFit>[1]): ParsedActivity {
    return parseFit(this.bytes(), options);
  }
}

function errorOf(fn: () => unknown): ActivityFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ActivityFileError) return e;
    throw e;
  }
  throw new Error('expected an ActivityFileError');
}

describe('parseFit: records → points', () => {
  it('converts semicircles, altitude, speed, distance, heart rate, cadence and time', () => {
    const a = new Activity()
      .rec({
        t: 0,
        lat: 37.5665,
        lng: 126.978,
        enhAlt: 38.4,
        alt: 99,
        hr: 150,
        cad: 88,
        dist: 12.34,
        enhSpeed: 3.21,
        speed: 9,
      })
      .rec({ t: 1, lat: -33.8688, lng: 151.2093, alt: 12.2, speed: 2.5 })
      .rec({ t: null, lat: 0.5, lng: -0.5 })
      .parse();
    expect(a.fileType).toBe('fit');
    expect(a.points).toHaveLength(3);
    const [p0, p1, p2] = a.points;
    expect(p0.lat).toBeCloseTo(37.5665, 6);
    expect(p0.lng).toBeCloseTo(126.978, 6);
    expect(p0.ele).toBeCloseTo(38.4, 6); // enhanced_altitude wins over altitude
    expect(p0).toMatchObject({ time: MS0, heartRate: 150, cadence: 88, speed: 3.21, distance: 12.34 });
    expect(p1.lat).toBeCloseTo(-33.8688, 6);
    expect(p1.ele).toBeCloseTo(12.2, 6); // falls back to altitude
    expect(p1).toMatchObject({
      time: MS0 + 1000,
      heartRate: null,
      cadence: null,
      speed: 2.5,
      distance: null,
    });
    expect(p2).toMatchObject({ ele: null, time: null, speed: null });
    expect(a.startTime).toBe(MS0);
  });

  it('uses exactly 180 / 2^31 degrees per semicircle', () => {
    const a = new Activity().rec({ t: 0, rawLat: 2 ** 30, rawLng: -(2 ** 31) + 1 }).parse();
    expect(a.points[0].lat).toBe(90);
    expect(a.points[0].lng).toBe(((-(2 ** 31) + 1) * 180) / 2 ** 31);
  });

  it('skips records without a valid position and reports odd coordinates', () => {
    const a = new Activity()
      .rec({ t: 0, hr: 100 }) // no position at all (invalid markers)
      .rec({ t: 1, rawLat: 0x7fffffff, rawLng: 5 }) // invalid latitude only
      .rec({ t: 2, rawLat: semicircles(95), rawLng: semicircles(10) }) // |lat| > 90
      .rec({ t: 3, rawLat: 0, rawLng: 0 }) // 0°,0°: no fix
      .rec({ t: 4, lat: 10, lng: 20 })
      .parse();
    expect(a.points).toHaveLength(1);
    expect(a.points[0].lat).toBeCloseTo(10, 6);
    expect(a.startTime).toBe(MS0); // no session: first record time, position or not
    expect(a.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('1 record(s) with out-of-range coordinates'),
        expect.stringContaining('0°,0°'),
        expect.stringContaining('no session summary'),
      ]),
    );
  });
});

describe('parseFit: pauses and segments', () => {
  it('turns timer stop/stop_all → start into pauses and starts a segment after each', () => {
    const a = new Activity()
      .timer(0, 'start')
      .track(0, 5)
      .timer(5, 'stop_all')
      .timer(65, 'start')
      .track(65, 3)
      .timer(68, 'stop')
      .timer(70, 'start')
      .track(70, 2)
      .timer(72, 'stop_all') // final stop: not a pause
      .parse();
    expect(a.pauses).toEqual([
      { start: MS0 + 5000, end: MS0 + 65000 },
      { start: MS0 + 68000, end: MS0 + 70000 },
    ]);
    expect(a.segmentStarts).toEqual([0, 5, 8]);
  });

  it('finds pause and session boundaries by time when events come after all records', () => {
    const a = new Activity()
      .track(0, 3)
      .track(100, 3, 38)
      .track(200, 2, 39)
      .timer(0, 'start')
      .timer(3, 'stop_all')
      .timer(100, 'start')
      .session({ start: 0, sport: 1, elapsed: 150 })
      .session({ start: 150, sport: 1, elapsed: 60 })
      .parse();
    expect(a.pauses).toEqual([{ start: MS0 + 3000, end: MS0 + 100_000 }]);
    expect(a.segmentStarts).toEqual([0, 3, 6]);
  });

  it('ignores a start without a stop and zero-length pauses', () => {
    const a = new Activity()
      .timer(0, 'start')
      .track(0, 2)
      .timer(2, 'start')
      .timer(2, 'stop_all')
      .timer(2, 'start')
      .track(3, 2)
      .parse();
    expect(a.pauses).toEqual([]);
    expect(a.segmentStarts).toEqual([0]);
  });

  it('has no segment starts when there are no points', () => {
    const a = new Activity()
      .rec({ t: 0, hr: 90 })
      .session({ start: 0, sport: 1, sub: 1, elapsed: 60, timer: 60 })
      .parse();
    expect(a.points).toEqual([]);
    expect(a.segmentStarts).toEqual([]);
  });

  it('starts a segment at each chained file and skips non-activity files in the chain', () => {
    const first = new Activity().track(0, 3).bytes();
    const second = new Activity().track(100, 2, 38).bytes();
    const settings = new Activity(2).rec({ t: 200, lat: 1, lng: 1 }).bytes();
    const a = parseFit(concatBytes(first, second, settings));
    expect(a.points).toHaveLength(5);
    expect(a.segmentStarts).toEqual([0, 3]);
  });
});

describe('parseFit: sessions, sport and device summary', () => {
  it('reads a single-sport session: sport, label and totals', () => {
    const a = new Activity()
      .track(0, 3)
      .session({
        start: 0,
        sport: 1,
        sub: 3,
        elapsed: 3600.5,
        timer: 3500.25,
        dist: 10012.34,
        cal: 700,
        enhMaxSpeed: 5.123,
        maxSpeed: 4,
        hr: 151,
        asc: 120,
        desc: 118,
      })
      .parse();
    expect(a.sport).toBe('running');
    expect(a.sportLabel).toBe('trail');
    expect(a.deviceSummary).toEqual({
      distanceMeters: 10012.34,
      elapsedSeconds: 3600.5,
      timerSeconds: 3500.25,
      ascentMeters: 120,
      descentMeters: 118,
      calories: 700,
      avgHeartRate: 151,
      maxSpeedMs: 5.123,
    });
    expect(a.warnings).toEqual([]);
  });

  it('keeps invalid session fields as null and falls back to max_speed', () => {
    const a = new Activity().session({ start: 0, sport: 2, maxSpeed: 12.5 }).parse();
    expect(a.deviceSummary).toEqual({
      distanceMeters: null,
      elapsedSeconds: null,
      timerSeconds: null,
      ascentMeters: null,
      descentMeters: null,
      calories: null,
      avgHeartRate: null,
      maxSpeedMs: 12.5,
    });
    expect(a.sport).toBe('cycling');
    expect(a.sportLabel).toBe('cycling');
  });

  it('treats sessions of different sports as multisport: sport other, every leg, a segment per session, summed totals', () => {
    const a = new Activity()
      .track(0, 4, 37.0) // swim
      .session({
        start: 0,
        sport: 5,
        sub: 18,
        elapsed: 4,
        timer: 4,
        dist: 100,
        cal: 10,
        hr: 120,
        enhMaxSpeed: 1,
      })
      .track(4, 1, 37.1) // transition
      .session({ start: 4, sport: 3, elapsed: 1, timer: 1, dist: 5, cal: 1, hr: 130 })
      .track(5, 3, 37.2) // run
      .session({ start: 5, sport: 1, elapsed: 3, timer: 3, dist: 10, cal: 5, hr: 160, enhMaxSpeed: 4 })
      .parse();
    expect(a.sport).toBe('other');
    expect(a.sportLabel).toBe('multisport');
    expect(a.points).toHaveLength(8);
    expect(a.segmentStarts).toEqual([0, 4, 5]);
    expect(a.deviceSummary).toMatchObject({
      distanceMeters: 115,
      elapsedSeconds: 8,
      timerSeconds: 8,
      calories: 16,
      maxSpeedMs: 4,
    });
    // heart rate weighted by timer time: (120·4 + 130·1 + 160·3) / 8 = 136.25
    expect(a.deviceSummary?.avgHeartRate).toBe(136);
    expect(a.startTime).toBe(MS0);
  });

  it('keeps the sport when every non-transition session has the same sport', () => {
    const a = new Activity()
      .session({ start: 0, sport: 1, elapsed: 10 })
      .session({ start: 10, sport: 3, elapsed: 10 })
      .session({ start: 20, sport: 1, sub: 1, elapsed: 10 })
      .parse();
    expect(a.sport).toBe('running');
    expect(a.sportLabel).toBe('treadmill');
  });

  it('falls back to the sport message, and to other/null with no sport information', () => {
    expect(new Activity().sport(11, 0).track(0, 1).parse()).toMatchObject({
      sport: 'walking',
      sportLabel: 'walking',
    });
    expect(new Activity().track(0, 1).parse()).toMatchObject({
      sport: 'other',
      sportLabel: null,
      deviceSummary: null,
    });
  });

  it.each([
    [1, 0, 'running'],
    [1, 1, 'running'], // treadmill
    [1, 3, 'running'], // trail
    [1, 45, 'running'], // indoor running
    [2, 58, 'cycling'], // virtual
    [2, 6, 'cycling'], // indoor
    [21, 0, 'cycling'], // e-bike
    [5, 17, 'swimming'],
    [11, 0, 'walking'],
    [17, 0, 'hiking'],
    [16, 0, 'hiking'],
    [15, 0, 'rowing'],
    [4, 14, 'rowing'], // fitness equipment: indoor rowing
    [4, 1, 'running'], // fitness equipment: treadmill
    [4, 6, 'cycling'],
    [4, 15, 'other'], // elliptical
    [0, 0, 'other'],
    [18, 0, 'other'], // multisport
    [10, 20, 'other'], // strength training
  ])('maps FIT sport %i / sub_sport %i to %s', (sport, sub, expected) => {
    expect(mapSport(sport, sub)).toBe(expected);
  });

  it('labels unknown enum values by number', () => {
    expect(new Activity().session({ start: 0, sport: 200, sub: 0 }).parse().sportLabel).toBe('sport_200');
    expect(new Activity().session({ start: 0, sport: 1, sub: 250 }).parse().sportLabel).toBe('sub_sport_250');
  });
});

describe('parseFit: source device', () => {
  it('names Garmin products from file_id', () => {
    expect(new Activity(4, 1, 3113).parse().sourceDevice).toBe('Garmin Forerunner 945');
    expect(new Activity(4, 1, 65000).parse().sourceDevice).toBe('Garmin');
  });

  it("lets the creator's device_info product_name override, but not a sensor's", () => {
    const a = new Activity(4, 32, 31)
      .device(1, 32, null, 'Wahoo CADENCE')
      .device(0, 32, 31, 'ELEMNT BOLT')
      .device(3, 1, 2327, 'HRM-Run')
      .parse();
    expect(a.sourceDevice).toBe('Wahoo ELEMNT BOLT');
  });

  it.each([
    [294, 841, 'COROS APEX Pro', 'COROS APEX Pro'],
    [23, 34, 'Suunto 9 Baro', 'Suunto 9 Baro'],
    [255, 0, 'FIT Cookbook', 'FIT Cookbook'],
    [95, null, null, 'Stryd'],
    [15, 1, null, 'Dynastream HRM1'],
    [9999, 1, null, null],
    [9999, 1, 'Some Watch', 'Some Watch'],
    [null, null, null, null],
  ])('deviceName(%p, %p, %p) = %p', (manufacturer, product, name, expected) => {
    expect(deviceName(manufacturer, product, name)).toBe(expected);
  });
});

describe('parseFit: files that are not activities, damaged or too large', () => {
  it('rejects an empty input', () => {
    expect(errorOf(() => parseFit(new Uint8Array(0))).kind).toBe('EMPTY_FILE');
  });

  it('rejects bytes that are not FIT as MALFORMED', () => {
    expect(errorOf(() => parseFit(new TextEncoder().encode('<gpx></gpx>'))).kind).toBe('MALFORMED');
  });

  it.each([
    [2, 'settings'],
    [6, 'course'],
    [5, 'workout'],
  ])('rejects file_id.type %i (%s) as NOT_AN_ACTIVITY', (type, name) => {
    const e = errorOf(() => new Activity(type).rec({ t: 0, lat: 1, lng: 1 }).parse());
    expect(e.kind).toBe('NOT_AN_ACTIVITY');
    expect(e.reason).toBe(`This FIT file is a ${name} file, not an activity`);
  });

  it('accepts a file without file_id when it has records (with a warning), rejects one without anything', () => {
    const a = new Activity(4, 1, 1, { noFileId: true }).track(0, 2).parse();
    expect(a.points).toHaveLength(2);
    expect(a.warnings).toEqual(expect.arrayContaining([expect.stringContaining('file_id message missing')]));
    expect(errorOf(() => new Activity(4, 1, 1, { noFileId: true }).parse()).kind).toBe('MALFORMED');
  });

  it('accepts an activity without positions (treadmill) with its device summary', () => {
    const a = new Activity()
      .rec({ t: 0, hr: 120, dist: 0 })
      .rec({ t: 1, hr: 121, dist: 3 })
      .session({ start: 0, sport: 1, sub: 1, elapsed: 1, timer: 1, dist: 3 })
      .parse();
    expect(a).toMatchObject({
      points: [],
      segmentStarts: [],
      sport: 'running',
      sportLabel: 'treadmill',
      warnings: [],
    });
    expect(a.deviceSummary?.distanceMeters).toBe(3);
  });

  it('decodes a file with a bad CRC best effort, with a warning', () => {
    const a = new Activity().track(0, 3).bytes({ badCrc: true });
    const parsed = parseFit(a);
    expect(parsed.points).toHaveLength(3);
    expect(parsed.warnings).toEqual([
      expect.stringContaining('file CRC mismatch'),
      expect.stringContaining('no session'),
    ]);
  });

  it('keeps the points read before a cut, with a warning', () => {
    const full = new Activity().track(0, 10).session({ start: 0, sport: 1, elapsed: 10 }).bytes();
    const cut = full.subarray(0, full.length - 40); // loses the session and part of the last records
    const a = parseFit(cut);
    expect(a.points.length).toBeGreaterThan(5);
    expect(a.points.length).toBeLessThan(10);
    expect(a.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/damaged or cut short .*truncated/)]),
    );
  });

  it('is MALFORMED when the file is cut before any GPS point', () => {
    const full = new Activity().track(0, 10).bytes();
    const beforeRecords = new Activity().bytes().length - 2; // file_id and definitions only
    const e = errorOf(() => parseFit(full.subarray(0, beforeRecords + 10))); // inside the first record
    expect(e.kind).toBe('MALFORMED');
    expect(e.reason).toMatch(/no GPS points before the damage \(.*truncated/);
  });

  it('is MALFORMED when damage comes before anything useful', () => {
    const bytes = new FitFileBuilder().raw([0x03, 1, 2, 3]).build();
    expect(errorOf(() => parseFit(bytes)).reason).toMatch(/damaged before any activity data/);
  });

  it('still reports a truncated settings file as NOT_AN_ACTIVITY', () => {
    const full = new Activity(2).rec({ t: 0 }).bytes();
    expect(errorOf(() => parseFit(full.subarray(0, full.length - 4))).kind).toBe('NOT_AN_ACTIVITY');
  });

  it('caps records and points with TOO_LARGE', () => {
    const file = new Activity().track(0, 20);
    expect(file.parse({ maxRecords: 20 }).points).toHaveLength(20);
    expect(errorOf(() => file.parse({ maxRecords: 19 })).kind).toBe('TOO_LARGE');
    expect(errorOf(() => file.parse({ maxPoints: 10 }))).toMatchObject({
      kind: 'TOO_LARGE',
      reason: 'The FIT file has more than 10 GPS points',
    });
  });

  it('warns about relative (power-on) timestamps and clock jumps', () => {
    const relative = new FitFileBuilder()
      .define(0, 0, [[0, 1, BT.enum]])
      .data(0, [4])
      .define(1, 20, [
        [253, 4, BT.uint32],
        [0, 4, BT.sint32],
        [1, 4, BT.sint32],
      ])
      .data(1, [5000, semicircles(1), semicircles(1)])
      .build();
    expect(parseFit(relative).warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('relative to device power-on')]),
    );

    const jump = new Activity()
      .track(0, 2)
      .track(27 * 86400, 2)
      .parse();
    expect(jump.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('jump forward by 27.0 days near point 2')]),
    );
  });
});

describe('parseFit: real files (unit fixtures)', () => {
  it('parses a fenix 5 run', () => {
    const a = parseFit(fenix5());
    expect(a).toMatchObject({
      fileType: 'fit',
      sport: 'running',
      sportLabel: 'running',
      sourceDevice: 'Garmin fenix 5',
      name: null,
      startTime: Date.parse('2017-06-11T14:34:09Z'),
      segmentStarts: [0],
      pauses: [],
      warnings: [],
      deviceSummary: {
        distanceMeters: 157.56,
        elapsedSeconds: 56.887,
        timerSeconds: 56.887,
        ascentMeters: 2,
        descentMeters: 0,
        calories: 5,
        avgHeartRate: 90,
        maxSpeedMs: 3.658,
      },
    });
    expect(a.points).toHaveLength(21);
    expect(a.points[0]).toEqual({
      lat: expect.closeTo(38.229787, 5),
      lng: expect.closeTo(-122.633704, 5),
      ele: expect.closeTo(2.2, 6),
      time: Date.parse('2017-06-11T14:34:09Z'),
      heartRate: 61,
      cadence: 0,
      speed: 0,
      distance: 0,
    });
  });

  it('parses the FIT SDK minimal activity, accepts a Buffer, and warns on its bad-CRC twin', () => {
    const a = parseFit(Buffer.from(hrm1()));
    expect(a).toMatchObject({
      sport: 'running',
      sourceDevice: 'Dynastream HRM1',
      warnings: [],
      startTime: Date.parse('2012-04-09T21:22:26Z'),
    });
    expect(a.points).toHaveLength(14);

    const bad = hrm1();
    bad[bad.length - 1] ^= 0xff;
    const b = parseFit(bad);
    expect(b.points).toEqual(a.points);
    expect(b.warnings).toEqual(['FIT file: file CRC mismatch (data may be corrupt; decoded best effort)']);
  });

  it('reads a FIT file handed over inside a larger buffer (non-zero byteOffset)', () => {
    const inner = fenix5();
    const big = new Uint8Array(inner.length + 10);
    big.set(inner, 7);
    expect(parseFit(big.subarray(7, 7 + inner.length)).points).toHaveLength(21);
  });
});

describe('parseFit: hostile input (fuzz)', () => {
  const parseOrKind = (bytes: Uint8Array): string => {
    try {
      parseFit(bytes);
      return 'ok';
    } catch (e) {
      if (e instanceof ActivityFileError) return e.kind;
      throw e; // anything else fails the test
    }
  };

  it('random byte flips never throw anything but ActivityFileError', () => {
    const rnd = seededRandom(20240501);
    const base = fenix5();
    const kinds = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from(base);
      const flips = 1 + Math.floor(rnd() * 8);
      // Half the runs keep the header intact to reach deeper into the decoder.
      const from = i % 2 === 0 ? 14 : 0;
      for (let k = 0; k < flips; k++)
        bytes[from + Math.floor(rnd() * (bytes.length - from))] = Math.floor(rnd() * 256);
      const kind = parseOrKind(bytes);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(kinds.get('ok')).toBeGreaterThan(0);
  });

  it('survives truncation at every offset and garbage after a valid header', () => {
    const base = hrm1();
    for (let n = 0; n <= base.length; n++) parseOrKind(base.subarray(0, n));
    const rnd = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from(base);
      for (let k = 14; k < bytes.length; k++) bytes[k] = Math.floor(rnd() * 256);
      parseOrKind(bytes);
    }
  });

  it('refuses a header whose data size covers megabytes of zero bytes', () => {
    const header = new FitFileBuilder().build({ omitCrc: true });
    const bytes = new Uint8Array(8 * 1024 * 1024);
    bytes.set(header);
    bytes[4] = 0; // data size = whole buffer
    const size = bytes.length - 14;
    bytes[4] = size & 0xff;
    bytes[5] = (size >>> 8) & 0xff;
    bytes[6] = (size >>> 16) & 0xff;
    bytes[7] = size >>> 24;
    const crc = fitCrc16(bytes, 0, 12);
    bytes[12] = crc & 0xff;
    bytes[13] = crc >> 8;
    expect(parseOrKind(bytes)).toBe('MALFORMED'); // local type 0 used without a definition
  });

  it('stops millions of tiny messages at the record limit', () => {
    // One zero-field definition, then 3 million 1-byte data messages.
    const head = new FitFileBuilder()
      .define(0, 0, [[0, 1, BT.enum]])
      .data(0, [4])
      .define(1, 20, [])
      .build({ omitCrc: true });
    const bytes = new Uint8Array(head.length + 3_000_000);
    bytes.set(head);
    bytes.fill(0x01, head.length);
    const size = bytes.length - 14;
    bytes[4] = size & 0xff;
    bytes[5] = (size >>> 8) & 0xff;
    bytes[6] = (size >>> 16) & 0xff;
    bytes[7] = size >>> 24;
    expect(errorOf(() => parseFit(bytes, { maxRecords: 2_000_000 })).kind).toBe('TOO_LARGE');
  });
});
