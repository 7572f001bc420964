import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFit } from './parse-fit';

/**
 * A damaged message in the middle of a real FIT (garmin-fenix5-run-short.fit, 21 records and a
 * session at the end): decoding steps over the damage and reads the rest, and says so.
 */
const real = readFileSync(join(__dirname, '../__fixtures__/garmin-fenix5-run-short.fit'));

/** A copy with the header of the first data message at or after `fraction` of the file made undefined (local type 15). */
function withBrokenHeader(fraction: number): { bytes: Buffer; at: number } {
  for (let at = Math.floor(real.length * fraction); at < real.length - 2; at++) {
    const copy = Buffer.from(real);
    copy[at] = 0x0f;
    const damage = parseFit(copy).damage;
    if (damage?.reason.includes(`byte ${at} uses undefined local message type 15`))
      return { bytes: copy, at };
  }
  throw new Error('no message header found');
}

describe('FIT damage', () => {
  const whole = parseFit(real);

  it('reads the real file whole, without damage', () => {
    expect(whole.points).toHaveLength(21);
    expect(whole.damage).toBeNull();
    expect(whole.deviceSummary?.distanceMeters).toBeCloseTo(157.56, 1);
  });

  it.each([0.5, 0.6, 0.7])(
    'steps over a damaged message header at %s of the file and reads on',
    (fraction) => {
      const { bytes, at } = withBrokenHeader(fraction);
      const parsed = parseFit(bytes);
      // At most the damaged record is lost; the session after it is still read.
      expect(parsed.points.length).toBeGreaterThanOrEqual(20);
      expect(parsed.deviceSummary?.distanceMeters).toBeCloseTo(157.56, 1);
      expect(parsed.damage).toMatchObject({ stopped: false });
      expect(parsed.damage!.skippedBytes).toBeGreaterThan(0);
      expect(parsed.damage!.skippedBytes).toBeLessThan(100);
      expect(parsed.warnings.join(' ')).toMatch(
        new RegExp(`byte ${at} .*skipped \\d+ damaged bytes? and went on`),
      );
    },
  );

  it('steps over an invalid architecture byte in a definition', () => {
    const copy = Buffer.from(real);
    copy.fill(0x4f, Math.floor(real.length * 0.5), Math.floor(real.length * 0.5) + 8);
    const parsed = parseFit(copy);
    expect(parsed.damage?.reason).toMatch(/invalid architecture byte/);
    expect(parsed.damage?.stopped).toBe(false);
    expect(parsed.points).toHaveLength(21);
  });

  it('a file cut short reports that it stopped', () => {
    const cut = parseFit(real.subarray(0, Math.floor(real.length * 0.8)));
    expect(cut.damage).toMatchObject({ stopped: true });
    expect(cut.deviceSummary).toBeNull();
  });
});
