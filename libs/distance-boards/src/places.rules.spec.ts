import { Gazetteer, normalizeCountry, normalizePlaceName } from './places.rules';
import { PLACES_DATA } from './places.data';

describe('Gazetteer (the committed GeoNames places)', () => {
  const gazetteer = Gazetteer.parse(PLACES_DATA);

  it('holds the populated places', () => {
    expect(gazetteer.size).toBeGreaterThan(20_000);
  });

  it.each([
    ['Gangnam station', 37.4979, 127.0276, 'Seoul', 'KR'],
    ['Seoul City Hall', 37.5665, 126.978, 'Seoul', 'KR'],
    ['Yeouido', 37.5219, 126.9245, 'Seoul', 'KR'],
    ['Haeundae', 35.1587, 129.1604, 'Busan', 'KR'],
    ['Suwon', 37.2636, 127.0286, 'Suwon', 'KR'],
    ['Jeju', 33.4996, 126.5312, 'Jeju City', 'KR'],
    ['Berlin Mitte (a district in GeoNames)', 52.52, 13.405, 'Mitte', 'DE'],
    ['Manhattan', 40.758, -73.9855, 'New York City', 'US'],
  ])('places %s in %s', (_label, lat, lng, name, country) => {
    const where = gazetteer.locate(lat, lng);
    expect(where.place?.name).toBe(name);
    expect(where.country).toBe(country);
  });

  it('places nothing in the open ocean', () => {
    expect(gazetteer.locate(0, -150)).toEqual({ country: null, place: null });
    expect(gazetteer.locate(Number.NaN, 0)).toEqual({ country: null, place: null });
  });

  it('finds a place by name (case, suffix and accents ignored) or by id, within a country', () => {
    const seoul = gazetteer.find('seoul', 'KR');
    expect(seoul?.country).toBe('KR');
    expect(gazetteer.find(String(seoul!.id), null)?.name).toBe('Seoul');
    expect(gazetteer.find('Seoul', 'DE')).toBeNull();
    expect(gazetteer.find('Uijeongbu', 'KR')?.name).toBe('Uijeongbu-si');
    // Two Gwangju in Korea: the larger one (the metropolitan city) wins.
    expect(gazetteer.find('Gwangju', 'KR')?.population).toBeGreaterThan(1_000_000);
    expect(gazetteer.find('Narnia', null)).toBeNull();
  });

  it('normalises names and countries as the app may send them', () => {
    expect(normalizePlaceName('Ŭiwang')).toBe('uiwang');
    expect(normalizePlaceName('Jeju City')).toBe('jeju');
    expect(normalizeCountry('kr')).toBe('KR');
    expect(normalizeCountry('대한민국')).toBe('KR');
    expect(normalizeCountry('Narnia')).toBeNull();
  });
});
