import { weatherCell } from './current-weather';
import { mockWeather } from './mock-weather';
import { aqiLabel, koreanDescription } from './weather-descriptions';

describe('weather rules', () => {
  it('describes conditions in Korean by code, then by group, then with the provider text', () => {
    expect(koreanDescription(800, 'clear sky')).toBe('맑음');
    expect(koreanDescription(804, 'overcast clouds')).toBe('흐림');
    expect(koreanDescription(501, '보통 비')).toBe('비');
    expect(koreanDescription(599, 'odd rain')).toBe('비');
    expect(koreanDescription(999, '이상한 날씨')).toBe('이상한 날씨');
    expect(koreanDescription(undefined, undefined)).toBe('알 수 없음');
  });

  it('labels OWM air quality 1–5 (algorithms.md §12)', () => {
    expect([1, 2, 3, 4, 5].map((aqi) => aqiLabel(aqi))).toEqual([
      '좋음',
      '보통',
      '나쁨',
      '매우 나쁨',
      '위험',
    ]);
    expect(aqiLabel(null)).toBeNull();
    expect(aqiLabel(9)).toBeNull();
  });

  it('groups coordinates into ~1 km cells', () => {
    expect(weatherCell(37.5665, 126.978).key).toBe('37.57,126.98');
    expect(weatherCell(37.5691, 126.9801).key).toBe('37.57,126.98');
    expect(weatherCell(37.5549, 126.978).key).not.toBe('37.57,126.98');
  });

  it('mocks plausible, stable weather without a key', () => {
    const seoulJanuaryDawn = mockWeather(37.57, 126.98, new Date('2026-01-15T20:00:00Z')); // 05:00 local
    const seoulAugustAfternoon = mockWeather(37.57, 126.98, new Date('2026-08-10T06:00:00Z')); // 15:00 local
    expect(seoulJanuaryDawn.temp).toBeLessThan(5);
    expect(seoulAugustAfternoon.temp).toBeGreaterThan(25);
    expect(seoulAugustAfternoon.temp).toBeLessThan(40);
    expect(mockWeather(37.57, 126.98, new Date('2026-08-10T06:10:00Z'))).toEqual(seoulAugustAfternoon);
    for (const weather of [seoulJanuaryDawn, seoulAugustAfternoon]) {
      expect(weather.humidity).toBeGreaterThanOrEqual(0);
      expect(weather.humidity).toBeLessThanOrEqual(100);
      expect(weather.icon).toMatch(/^\d\d[dn]$/);
      expect(weather.aqi_label).toBe(aqiLabel(weather.aqi));
    }
    expect(seoulJanuaryDawn.icon.endsWith('n')).toBe(true);
    expect(seoulAugustAfternoon.icon.endsWith('d')).toBe(true);
  });
});
