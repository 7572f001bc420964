import { geodesicMeters } from './distance';
import {
  cutLineByPrivacyZones,
  isInsidePrivacyZones,
  type PrivacyCircle,
  privacyZonesEntered,
} from './privacy-zones';
import type { LngLat } from './types';

// Around Seoul City Hall: 0.001° of latitude ≈ 110.9 m, of longitude ≈ 88.2 m.
const HOME: PrivacyCircle = { lat: 37.5665, lng: 126.978, radiusMeters: 200 };
const meters = (a: LngLat, lat: number, lng: number) => geodesicMeters(a[1], a[0], lat, lng);

/** A line heading east along the home's latitude, from 1 km west to 1 km east, a vertex every 100 m. */
const eastward: LngLat[] = Array.from({ length: 21 }, (_, i) => [126.978 + (i - 10) * 0.0011338, 37.5665]);

describe('privacy zones: cutting lines', () => {
  it('leaves a line that never comes near a zone whole', () => {
    const far: LngLat[] = eastward.map(([lng, lat]) => [lng, lat + 0.01]);
    expect(cutLineByPrivacyZones(far, [HOME])).toEqual([far]);
    expect(privacyZonesEntered(far, [HOME])).toEqual([]);
  });

  it('cuts a line passing through a zone at the circle, without bridging the gap', () => {
    const pieces = cutLineByPrivacyZones(eastward, [HOME]);
    expect(pieces).toHaveLength(2);
    const [before, after] = pieces;
    const exitOfFirst = before[before.length - 1];
    const entryOfSecond = after[0];
    // The cut points lie on the circle's edge (within a few centimetres).
    expect(meters(exitOfFirst, HOME.lat, HOME.lng)).toBeCloseTo(200, 0);
    expect(meters(entryOfSecond, HOME.lat, HOME.lng)).toBeCloseTo(200, 0);
    // Nothing of what is left lies inside, and the pieces keep the original ends.
    for (const point of [...before, ...after]) {
      expect(meters(point, HOME.lat, HOME.lng)).toBeGreaterThanOrEqual(199.9);
    }
    expect(before[0]).toEqual(eastward[0]);
    expect(after[after.length - 1]).toEqual(eastward[eastward.length - 1]);
    expect(privacyZonesEntered(eastward, [HOME])).toEqual([0]);
  });

  it('drops the start of a run that begins at home', () => {
    const fromHome = eastward.slice(10);
    const pieces = cutLineByPrivacyZones(fromHome, [HOME]);
    expect(pieces).toHaveLength(1);
    expect(meters(pieces[0][0], HOME.lat, HOME.lng)).toBeCloseTo(200, 0);
    expect(pieces[0][pieces[0].length - 1]).toEqual(fromHome[fromHome.length - 1]);
  });

  it('removes a line entirely inside a zone', () => {
    const inside: LngLat[] = [
      [126.978, 37.5665],
      [126.9785, 37.5666],
      [126.979, 37.5665],
    ];
    expect(cutLineByPrivacyZones(inside, [HOME])).toEqual([]);
  });

  it('cuts a long segment that crosses a zone with both ends outside', () => {
    const chord: LngLat[] = [eastward[0], eastward[20]];
    const pieces = cutLineByPrivacyZones(chord, [HOME]);
    expect(pieces).toHaveLength(2);
    expect(pieces[0][0]).toEqual(chord[0]);
    expect(meters(pieces[0][1], HOME.lat, HOME.lng)).toBeCloseTo(200, 0);
    expect(meters(pieces[1][0], HOME.lat, HOME.lng)).toBeCloseTo(200, 0);
    expect(pieces[1][1]).toEqual(chord[1]);
  });

  it('treats overlapping zones as one hidden stretch', () => {
    const work: PrivacyCircle = { lat: 37.5665, lng: 126.978 + 0.0034, radiusMeters: 250 };
    const pieces = cutLineByPrivacyZones(eastward, [HOME, work]);
    expect(pieces).toHaveLength(2);
    expect(meters(pieces[1][0], work.lat, work.lng)).toBeCloseTo(250, 0);
    expect(privacyZonesEntered(eastward, [HOME, work])).toEqual([0, 1]);
  });

  it('leaves a line that only passes by (tangent outside) whole', () => {
    const by: LngLat[] = eastward.map(([lng]) => [lng, HOME.lat + 0.0019]); // ≈ 211 m north
    expect(cutLineByPrivacyZones(by, [HOME])).toHaveLength(1);
  });

  it('knows whether a point is inside', () => {
    expect(isInsidePrivacyZones(37.5665, 126.9785, [HOME])).toBe(true);
    expect(isInsidePrivacyZones(37.5665, 126.981, [HOME])).toBe(false);
    expect(isInsidePrivacyZones(37.5665, 126.9785, [])).toBe(false);
  });
});
