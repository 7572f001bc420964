import { seededRandom } from '@runvs/common';
import { numberIn } from './scanner';
import { sportFromLabel } from './sport';
import { GPS_EPOCH_MS, IsoTimeReader, cleanLabel, parseIsoTime, parseNumber } from './values';

describe('numberIn (in-place decimal parsing)', () => {
  const at = (s: string): number => numberIn(`<x>${s}</x>`, 3, 3 + s.length);

  it('returns exactly what Number() returns for plain decimals', () => {
    const rand = seededRandom(42);
    const mismatches: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const digits = 1 + Math.floor(rand() * 17);
      const decimals = Math.floor(rand() * (digits + 1));
      let text = '';
      for (let d = 0; d < digits; d++) text += String(Math.floor(rand() * 10));
      if (decimals > 0) text = `${text.slice(0, digits - decimals) || '0'}.${text.slice(digits - decimals)}`;
      if (rand() < 0.3) text = `-${text}`;
      if (!Object.is(at(text), Number(text))) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it('handles real coordinates, signs, whitespace, exponents and long mantissas like Number()', () => {
    for (const s of [
      '45.529865',
      '-123.10760515742004',
      '714.799987792969',
      '+12.5',
      ' 7 ',
      '\n  0.000001234567891234\n',
      '1e3',
      '-0',
      '.5',
      '5.',
      '00012.0100',
    ]) {
      expect(Object.is(at(s), Number(s))).toBe(true);
    }
  });

  it('gives NaN for blank, missing digits or garbage (never 0 like Number(""))', () => {
    for (const s of ['', '   ', '-', '.', '1.2.3', '12,5', 'abc', '1 2', '0x10x', 'NaN']) {
      expect(at(s)).toBeNaN();
    }
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber(' \n')).toBeNaN();
    expect(parseNumber(null)).toBeNaN();
    expect(parseNumber('0')).toBe(0);
  });
});

describe('ISO 8601 times', () => {
  it('parses Z, offsets, fractions of any length, lowercase/space separators', () => {
    expect(parseIsoTime('2018-05-13T14:11:03Z')).toBe(Date.UTC(2018, 4, 13, 14, 11, 3));
    expect(parseIsoTime('2018-05-13T14:11:03.000Z')).toBe(Date.UTC(2018, 4, 13, 14, 11, 3));
    expect(parseIsoTime('2015-12-11T15:43:13.994+01:00')).toBe(Date.UTC(2015, 11, 11, 14, 43, 13, 994));
    expect(parseIsoTime('2020-01-01T09:00:00+09:00')).toBe(Date.UTC(2020, 0, 1, 0, 0, 0));
    expect(parseIsoTime('2020-01-01T00:30:00-0230')).toBe(Date.UTC(2020, 0, 1, 3, 0, 0));
    expect(parseIsoTime('2020-01-01T00:30:00-02')).toBe(Date.UTC(2020, 0, 1, 2, 30, 0));
    expect(parseIsoTime('1901-12-13T20:45:52.2073437Z')).toBe(Date.UTC(1901, 11, 13, 20, 45, 52, 207));
    expect(parseIsoTime('2020-01-01T00:00:00.9999Z')).toBe(Date.UTC(2020, 0, 1, 0, 0, 1));
    expect(parseIsoTime('2020-01-01 00:00:00z')).toBe(Date.UTC(2020, 0, 1));
    expect(parseIsoTime('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
  });

  it('agrees with Date.parse on many random UTC times', () => {
    const rand = seededRandom(7);
    const mismatches: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const ms = Math.floor(rand() * 4102444800000); // 1970 … 2100
      const iso = new Date(ms).toISOString();
      const offset = new Date(ms).toISOString().replace('Z', '+05:30');
      if (parseIsoTime(iso) !== ms || parseIsoTime(iso) !== Date.parse(iso)) mismatches.push(iso);
      if (parseIsoTime(offset) !== Date.parse(offset)) mismatches.push(offset);
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects what is not a full date-time', () => {
    for (const s of [
      '2018-05-13',
      '2018-05-13T14:11Z',
      '2018-13-01T00:00:00Z',
      '2018-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2018-01-01T24:00:00Z',
      '2018-01-01T10:60:00Z',
      '2018-01-01T10:00:00.Z',
      '2018-01-01T10:00:00+5',
      '2018-01-01T10:00:00+25:00',
      '2018-01-01T10:00:00Zjunk',
      '18-01-01T10:00:00Z',
      'yesterday',
      '１２３４-01-01T10:00:00Z',
    ]) {
      expect(parseIsoTime(s)).toBeNaN();
    }
  });

  it('IsoTimeReader counts invalid, naive and pre-GPS-epoch times, ignores blanks', () => {
    const r = new IsoTimeReader();
    expect(r.parse(null)).toBeNaN();
    expect(r.parse('  ')).toBeNaN();
    expect(r.parse(' 2013-01-01T12:00:04 ')).toBe(Date.UTC(2013, 0, 1, 12, 0, 4));
    expect(r.parse('garbage')).toBeNaN();
    expect(r.parse('1901-12-13T20:45:52Z')).toBeNaN();
    expect(r.parse(new Date(GPS_EPOCH_MS).toISOString())).toBe(GPS_EPOCH_MS);
    expect([r.invalid, r.naive, r.implausible, r.firstInvalid]).toEqual([1, 1, 1, 'garbage']);
    expect(r.warnings('point')).toHaveLength(3);
  });
});

describe('sportFromLabel', () => {
  it.each([
    ['running', 'running'],
    ['run', 'running'],
    ['Run', 'running'],
    ['TrailRun', 'running'],
    ['trail_running', 'running'],
    ['treadmill_running', 'running'],
    ['VirtualRun', 'running'],
    ['Running', 'running'],
    ['cycling', 'cycling'],
    ['biking', 'cycling'],
    ['Biking', 'cycling'],
    ['Ride', 'cycling'],
    ['MountainBikeRide', 'cycling'],
    ['road_biking', 'cycling'],
    ['hiking', 'hiking'],
    ['Hike', 'hiking'],
    ['walking', 'walking'],
    ['Nordic walking', 'walking'],
    ['swimming', 'swimming'],
    ['open_water_swimming', 'swimming'],
    ['rowing', 'rowing'],
    ['indoor_rowing', 'rowing'],
    ['Other', 'other'],
    ['t', 'other'],
    ['Car', 'other'],
    ['arrow', 'other'],
    // Strava's numeric codes
    ['9', 'running'],
    ['1', 'cycling'],
    ['16', 'swimming'],
    ['10', 'walking'],
    ['4', 'hiking'],
    ['11', 'other'],
    ['09', 'running'],
    ['999', 'other'],
  ])('%s → %s', (label, sport) => {
    expect(sportFromLabel(label)).toBe(sport);
  });

  it('returns null when there is no label', () => {
    expect(sportFromLabel(null)).toBeNull();
    expect(sportFromLabel('   ')).toBeNull();
  });
});

describe('cleanLabel', () => {
  it('collapses whitespace, trims, caps length and maps blank to null', () => {
    expect(cleanLabel('  Morning \n\t Run ')).toBe('Morning Run');
    expect(cleanLabel('   ')).toBeNull();
    expect(cleanLabel(null)).toBeNull();
    expect(cleanLabel('x'.repeat(5_000_000))).toHaveLength(200);
    expect(cleanLabel('abcdef', 3)).toBe('abc');
  });
});
