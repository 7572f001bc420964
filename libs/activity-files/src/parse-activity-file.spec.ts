import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseFit } from './fit';
import { BT, FitFileBuilder } from './fit/testing/fit-file-builder';
import { createActivityFileParser, parseActivityFile, type ActivityParser } from './parse-activity-file';
import { ActivityFileError, type ParsedActivity } from './parsed-activity';

const fenix5 = readFileSync(join(__dirname, '__fixtures__', 'garmin-fenix5-run-short.fit'));
const utf8 = (s: string) => new TextEncoder().encode(s);
const GPX = '<?xml version="1.0"?><gpx version="1.1" creator="fake"><trk><trkseg/></trk></gpx>';

function errorOf(fn: () => unknown): ActivityFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ActivityFileError) return e;
    throw e;
  }
  throw new Error('expected an ActivityFileError');
}

/** A trivial GPX parser that records what it was given. */
function fakeGpx() {
  const calls: { text: string; options: { maxPoints?: number } | undefined }[] = [];
  const parser: ActivityParser = (input, options) => {
    calls.push({ text: new TextDecoder().decode(input), options });
    const activity: ParsedActivity = {
      fileType: 'gpx',
      sport: 'running',
      sportLabel: null,
      sourceDevice: 'fake',
      name: null,
      startTime: null,
      points: [],
      segmentStarts: [],
      pauses: [],
      deviceSummary: null,
      warnings: ['from the fake'],
    };
    return activity;
  };
  return { parser, calls };
}

const unused: ActivityParser = () => {
  throw new Error('this parser must not be called');
};

describe('parseActivityFile', () => {
  it('parses a FIT file', () => {
    const result = parseActivityFile(fenix5);
    expect(result.type).toBe('fit');
    expect(result.compressed).toBe(false);
    expect(result.activity.points).toHaveLength(21);
    expect(result.activity).toEqual(parseFit(fenix5));
  });

  it('gunzips a compressed FIT file', () => {
    const result = parseActivityFile(gzipSync(fenix5));
    expect(result).toMatchObject({ type: 'fit', compressed: true });
    expect(result.activity).toEqual(parseFit(fenix5));
  });

  it('dispatches GPX (plain and gzipped) to the GPX parser with maxPoints', () => {
    const gpx = fakeGpx();
    const parse = createActivityFileParser({ fit: unused, gpx: gpx.parser, tcx: unused });
    expect(parse(utf8(GPX), { maxPoints: 10 })).toMatchObject({
      type: 'gpx',
      compressed: false,
      activity: { sourceDevice: 'fake' },
    });
    expect(parse(gzipSync(utf8(GPX)))).toMatchObject({ type: 'gpx', compressed: true });
    expect(gpx.calls).toEqual([
      { text: GPX, options: { maxPoints: 10 } },
      { text: GPX, options: {} },
    ]);
  });

  it('dispatches TCX to the TCX parser', () => {
    const tcx = fakeGpx();
    const parse = createActivityFileParser({ fit: unused, gpx: unused, tcx: tcx.parser });
    expect(parse(utf8('\n  <?xml version="1.0"?>\n<TrainingCenterDatabase/>')).type).toBe('tcx');
    expect(tcx.calls).toHaveLength(1);
  });

  it('passes maxPoints to the FIT parser', () => {
    expect(errorOf(() => parseActivityFile(fenix5, { maxPoints: 5 }))).toMatchObject({ kind: 'TOO_LARGE' });
  });

  it('rejects empty input and an empty gzip', () => {
    expect(errorOf(() => parseActivityFile(new Uint8Array(0))).kind).toBe('EMPTY_FILE');
    expect(errorOf(() => parseActivityFile(gzipSync(new Uint8Array(0)))).kind).toBe('EMPTY_FILE');
  });

  it('names recognisable non-activity content', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(errorOf(() => parseActivityFile(png))).toMatchObject({
      kind: 'UNSUPPORTED_TYPE',
      reason: 'This is a PNG image, not an activity file (FIT, GPX or TCX)',
    });
    expect(errorOf(() => parseActivityFile(gzipSync(png))).reason).toBe(
      'Inside the gzip file: This is a PNG image, not an activity file (FIT, GPX or TCX)',
    );
    expect(errorOf(() => parseActivityFile(utf8('just some text'))).reason).toMatch(
      /^Unrecognised file content/,
    );
  });

  it('refuses gzip inside gzip', () => {
    expect(errorOf(() => parseActivityFile(gzipSync(gzipSync(fenix5)))).kind).toBe('UNSUPPORTED_TYPE');
  });

  it('passes the FIT parser errors through', () => {
    const settings = new FitFileBuilder()
      .define(0, 0, [[0, 1, BT.enum]])
      .data(0, [2])
      .build();
    expect(errorOf(() => parseActivityFile(settings)).kind).toBe('NOT_AN_ACTIVITY');
    expect(errorOf(() => parseActivityFile(gzipSync(settings))).kind).toBe('NOT_AN_ACTIVITY');
  });

  it('rejects corrupt gzip data as MALFORMED', () => {
    const gz = Uint8Array.from(gzipSync(fenix5));
    for (let i = 12; i < 40; i++) gz[i] ^= 0x5a;
    expect(errorOf(() => parseActivityFile(gz)).kind).toBe('MALFORMED');
    expect(errorOf(() => parseActivityFile(Uint8Array.from([0x1f, 0x8b]))).kind).toBe('MALFORMED');
  });

  it('salvages a truncated gzip stream, with warnings from both layers', () => {
    const gz = gzipSync(fenix5, { level: 0 }); // stored blocks: the cut lands at a known place
    const result = parseActivityFile(gz.subarray(0, gz.length - 2000));
    expect(result.compressed).toBe(true);
    expect(result.activity.points.length).toBeGreaterThan(0);
    expect(result.activity.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('FIT data is damaged or cut short'),
        expect.stringContaining('gzip file is truncated'),
      ]),
    );
  });

  it('does not mutate the parser result when adding a warning', () => {
    const gpx = fakeGpx();
    const parse = createActivityFileParser({ fit: unused, gpx: gpx.parser, tcx: unused });
    const gz = gzipSync(utf8(GPX + ' '.repeat(5000)), { level: 0 });
    const result = parse(gz.subarray(0, gz.length - 100));
    expect(result.activity.warnings).toEqual([
      'from the fake',
      'the gzip file is truncated; parsed the part that could be decompressed',
    ]);
  });

  it('never throws anything but ActivityFileError on damaged gzip or random bytes', () => {
    let seed = 42;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const gz = gzipSync(fenix5);
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from(gz);
      for (let k = 0; k < 1 + (i % 5); k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      const random = Uint8Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256));
      for (const input of [bytes, random, bytes.subarray(0, Math.floor(rnd() * bytes.length))]) {
        try {
          parseActivityFile(input);
        } catch (e) {
          expect(e).toBeInstanceOf(ActivityFileError);
        }
      }
    }
  });

  describe('gzip bombs', () => {
    it('stops at maxDecompressedBytes', () => {
      const bomb = gzipSync(new Uint8Array(10 * 1024 * 1024)); // 10 MB of zeros in ~10 KB
      expect(bomb.length).toBeLessThan(20_000);
      const e = errorOf(() => parseActivityFile(bomb, { maxDecompressedBytes: 1024 * 1024 }));
      expect(e).toMatchObject({
        kind: 'TOO_LARGE',
        reason: 'The file is larger than 1 MB once decompressed',
      });
    });

    it('stops a multi-member bomb at the default 100 MB without holding more', () => {
      const member = gzipSync(new Uint8Array(1024 * 1024)); // ~1 KB each
      const bomb = Buffer.concat(Array.from({ length: 120 }, () => member)); // 120 MB once inflated
      const before = process.memoryUsage().rss;
      const e = errorOf(() => parseActivityFile(bomb));
      expect(e).toMatchObject({
        kind: 'TOO_LARGE',
        reason: 'The file is larger than 100 MB once decompressed',
      });
      expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
    });
  });
});
