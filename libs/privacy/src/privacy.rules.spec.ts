import { parsePrivacyZones } from './privacy.rules';

describe('parsePrivacyZones', () => {
  it('takes up to five circles of 100–1,000 m', () => {
    const body = [
      { lat: 37.5665, lng: 126.978, radius_meters: 100 },
      { lat: -33.9, lng: 151.2, radius_meters: 1000 },
    ];
    expect(parsePrivacyZones(body)).toEqual({
      zones: [
        { lat: 37.5665, lng: 126.978, radiusMeters: 100 },
        { lat: -33.9, lng: 151.2, radiusMeters: 1000 },
      ],
    });
    expect(parsePrivacyZones([])).toEqual({ zones: [] });
  });

  it('names every bad field', () => {
    const result = parsePrivacyZones([
      { lat: 91, lng: 126.9, radius_meters: 200 },
      { lat: 37.5, lng: '127', radius_meters: 99 },
      { lat: 37.5, lng: 127, radius_meters: 150.5 },
      'home',
    ]);
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual([
      '[0].lat',
      '[1].lng',
      '[1].radius_meters',
      '[2].radius_meters',
      '[3]',
    ]);
  });

  it('refuses more than five zones and anything but a list', () => {
    const six = Array.from({ length: 6 }, () => ({ lat: 37.5, lng: 127, radius_meters: 200 }));
    expect(parsePrivacyZones(six)).toEqual({
      problems: [{ field: 'body', messages: ['at most 5 privacy zones'] }],
    });
    expect('problems' in parsePrivacyZones({ lat: 1, lng: 2, radius_meters: 200 })).toBe(true);
    expect('problems' in parsePrivacyZones(null)).toBe(true);
  });
});
