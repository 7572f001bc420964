import { decodePolyline, encodePolyline } from './polyline';
import type { LngLat } from './types';

describe('Google encoded polyline', () => {
  // Google's documented example: (38.5, −120.2), (40.7, −120.95), (43.252, −126.453).
  const coords: LngLat[] = [
    [-120.2, 38.5],
    [-120.95, 40.7],
    [-126.453, 43.252],
  ];

  it('encodes the reference example', () => {
    expect(encodePolyline(coords)).toBe('_p~iF~ps|U_ulLnnqC_mqNvxq`@');
  });

  it('decodes it back in [lng, lat] order', () => {
    expect(decodePolyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@')).toEqual(coords);
  });

  it('round-trips at precision 6 and handles empty input', () => {
    const line: LngLat[] = [
      [127.123456, 37.654321],
      [-179.999999, -89.5],
      [180, 90],
    ];
    expect(decodePolyline(encodePolyline(line, 6), 6)).toEqual(line);
    expect(encodePolyline([])).toBe('');
    expect(decodePolyline('')).toEqual([]);
  });

  it('rejects a truncated string', () => {
    expect(() => decodePolyline('_p~iF~ps|U_')).toThrow(RangeError);
  });
});
