import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseActivityFile, parseActivityFileAsync } from './parse-activity-file';
import { PARSE_STEP_EVERY } from './parse-steps';
import { ActivityFileError } from './parsed-activity';

const FIXTURES = join(__dirname, '__fixtures__');

/** A GPX track of `n` points, one a second. */
function longGpx(n: number): Buffer {
  const points = Array.from(
    { length: n },
    (_, i) =>
      `<trkpt lat="${(37.5 + i * 0.00003).toFixed(6)}" lon="127.0"><ele>12</ele>` +
      `<time>${new Date(1_700_000_000_000 + i * 1000).toISOString()}</time></trkpt>`,
  ).join('');
  return Buffer.from(
    `<?xml version="1.0"?><gpx version="1.1" creator="t"><trk><trkseg>${points}</trkseg></trk></gpx>`,
  );
}

describe('parseActivityFileAsync', () => {
  it('gives exactly what parseActivityFile gives, for every fixture (FIT, GPX, TCX, gzip)', async () => {
    for (const name of readdirSync(FIXTURES).filter((file) => /\.(fit|gpx|tcx)$/.test(file))) {
      const bytes = readFileSync(join(FIXTURES, name));
      for (const input of [bytes, gzipSync(bytes)]) {
        expect({ name, parsed: await parseActivityFileAsync(input) }).toEqual({
          name,
          parsed: parseActivityFile(input),
        });
      }
    }
  });

  it('reports a rising fraction of the file between steps, handing control back to the event loop', async () => {
    const file = longGpx(20_000);
    const fractions: number[] = [];
    let timerRuns = 0;
    const timer = setInterval(() => timerRuns++, 0);
    const parsed = await parseActivityFileAsync(file, {
      onProgress: (fraction) => void fractions.push(fraction),
    });
    clearInterval(timer);
    expect(parsed.activity.points).toHaveLength(20_000);
    expect(fractions.length).toBeGreaterThanOrEqual(Math.floor((20_000 * 4) / PARSE_STEP_EVERY));
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[0]).toBeGreaterThan(0);
    expect(fractions.at(-1)!).toBeLessThanOrEqual(1);
    expect(timerRuns).toBeGreaterThan(0);
  }, 30_000);

  it('fails like the synchronous parser', async () => {
    await expect(parseActivityFileAsync(Buffer.alloc(0))).rejects.toMatchObject({ kind: 'EMPTY_FILE' });
    await expect(parseActivityFileAsync(Buffer.from('{"type":"json"}'))).rejects.toBeInstanceOf(
      ActivityFileError,
    );
    const truncatedFit = readFileSync(join(FIXTURES, 'garmin-fenix5-run-short.fit')).subarray(0, 20);
    let syncError: unknown;
    try {
      parseActivityFile(truncatedFit);
    } catch (error) {
      syncError = error;
    }
    await expect(parseActivityFileAsync(truncatedFit)).rejects.toEqual(syncError);
  });
});
