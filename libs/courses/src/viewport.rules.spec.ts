import { viewportEnvelopes } from './viewport.rules';

const covers = (envelopes: Array<[number, number, number, number]>, lng: number, lat: number) =>
  envelopes.some(([w, s, e, n]) => lng >= w && lng <= e && lat >= s && lat <= n);

describe('viewportEnvelopes', () => {
  it('cuts a city viewport into a 4 × 4 grid covering exactly the viewport', () => {
    const envelopes = viewportEnvelopes({ swLat: 37.4, swLng: 126.8, neLat: 37.7, neLng: 127.2 });
    expect(envelopes).toHaveLength(16);
    expect(Math.min(...envelopes.map((e) => e[0]))).toBeCloseTo(126.8);
    expect(Math.max(...envelopes.map((e) => e[2]))).toBeCloseTo(127.2);
    expect(Math.min(...envelopes.map((e) => e[1]))).toBeCloseTo(37.4);
    expect(Math.max(...envelopes.map((e) => e[3]))).toBeCloseTo(37.7);
    expect(covers(envelopes, 127.0, 37.55)).toBe(true);
    expect(covers(envelopes, 127.3, 37.55)).toBe(false);
  });

  it('splits a viewport crossing the antimeridian into envelopes on both sides', () => {
    const envelopes = viewportEnvelopes({ swLat: -20, swLng: 170, neLat: -10, neLng: -170 });
    expect(envelopes.every(([w, , e]) => w >= -180 && e <= 180 && w <= e)).toBe(true);
    expect(covers(envelopes, 179.5, -15)).toBe(true);
    expect(covers(envelopes, -179.5, -15)).toBe(true);
    expect(covers(envelopes, 180, -15)).toBe(true);
    expect(covers(envelopes, 0, -15)).toBe(false);
    expect(covers(envelopes, 160, -15)).toBe(false);
  });

  it('treats a world-sized box as the whole world', () => {
    for (const viewport of [
      { swLat: -90, swLng: -180, neLat: 90, neLng: 180 },
      { swLat: -85, swLng: -179.5, neLat: 85, neLng: 179.5 },
    ]) {
      const envelopes = viewportEnvelopes(viewport);
      expect(covers(envelopes, -180, 0)).toBe(true);
      expect(covers(envelopes, 180, 0)).toBe(true);
      expect(covers(envelopes, 0, viewport.neLat)).toBe(true);
    }
  });

  it('keeps a zero-width viewport as degenerate envelopes rather than the world', () => {
    const envelopes = viewportEnvelopes({ swLat: 37, swLng: 127, neLat: 37.1, neLng: 127 });
    expect(envelopes.every(([w, , e]) => w === 127 && e === 127)).toBe(true);
  });
});
