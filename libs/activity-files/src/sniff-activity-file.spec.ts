import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sniffActivityFile } from './sniff-activity-file';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name));

describe('sniffActivityFile', () => {
  it('tells FIT, GPX and TCX apart by content', async () => {
    await expect(sniffActivityFile(fixture('garmin-fenix5-run-short.fit'))).resolves.toEqual({
      ok: true,
      type: 'fit',
      compressed: false,
    });
    await expect(sniffActivityFile(fixture('nikeplus-subsecond-time.gpx'))).resolves.toEqual({
      ok: true,
      type: 'gpx',
      compressed: false,
    });
    await expect(sniffActivityFile(fixture('garmin-fr305-run.tcx'))).resolves.toEqual({
      ok: true,
      type: 'tcx',
      compressed: false,
    });
  });

  it('looks inside gzip without decompressing the whole stream', async () => {
    await expect(sniffActivityFile(gzipSync(fixture('garmin-fr305-run.tcx')))).resolves.toEqual({
      ok: true,
      type: 'tcx',
      compressed: true,
    });
    // An 8 MB bomb of spaces after the GPX root: only the head is inflated.
    const bomb = gzipSync(Buffer.concat([Buffer.from('<gpx>'), Buffer.alloc(8 * 1024 * 1024, 0x20)]));
    await expect(sniffActivityFile(bomb)).resolves.toEqual({ ok: true, type: 'gpx', compressed: true });
  }, 20_000);

  it('gives a reason for anything else', async () => {
    await expect(sniffActivityFile(Buffer.alloc(0))).resolves.toEqual({
      ok: false,
      reason: 'The file is empty',
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await expect(sniffActivityFile(png)).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/PNG image/),
    });
    await expect(sniffActivityFile(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]))).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/corrupt/),
    });
    await expect(sniffActivityFile(gzipSync(gzipSync(Buffer.from('<gpx/>'))))).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/compressed twice/),
    });
    await expect(sniffActivityFile(gzipSync(Buffer.from('{"a":1}')))).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/^Inside the gzip file: This is a JSON file/),
    });
  });
});
