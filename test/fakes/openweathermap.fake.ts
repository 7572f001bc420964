import { type FakeHandler, HttpFake, sendJson } from './http-fake';

export type OwmMode = 'ok' | 'weather-500' | 'air-500' | 'invalid-key' | 'slow';

/** OpenWeatherMap's weather and air-pollution endpoints as external-apis.md §6 records them. */
export function openWeatherMapFake(state: { mode: OwmMode; delayMs: number; key: string }): HttpFake {
  const handler: FakeHandler = async (request, response) => {
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (request.query.get('appid') !== state.key || state.mode === 'invalid-key') {
      return sendJson(response, 401, {
        cod: 401,
        message: 'Invalid API key. Please see https://openweathermap.org/faq#error401 for more info.',
      });
    }
    const lat = Number(request.query.get('lat'));
    const lon = Number(request.query.get('lon'));
    if (request.path === '/data/2.5/weather') {
      if (state.mode === 'weather-500')
        return sendJson(response, 500, { cod: '500', message: 'Internal error' });
      return sendJson(response, 200, {
        coord: { lon, lat },
        weather: [{ id: 501, main: 'Rain', description: '보통 비', icon: '10d' }],
        base: 'stations',
        main: { temp: 12.34, feels_like: 11.06, temp_min: 11, temp_max: 13.5, pressure: 1015, humidity: 81 },
        visibility: 10000,
        wind: { speed: 3.06, deg: 270 },
        rain: { '1h': 1.2 },
        clouds: { all: 90 },
        dt: 1795300000,
        sys: { country: 'KR', sunrise: 1795260000, sunset: 1795297000 },
        timezone: 32400,
        id: 1835848,
        name: 'Seoul',
        cod: 200,
      });
    }
    if (request.path === '/data/2.5/air_pollution') {
      if (state.mode === 'air-500') return sendJson(response, 500, { cod: '500', message: 'Internal error' });
      return sendJson(response, 200, {
        coord: { lon, lat },
        list: [{ main: { aqi: 3 }, components: { co: 534.06, pm2_5: 19.78, pm10: 23.15 }, dt: 1795300000 }],
      });
    }
    return sendJson(response, 404, { cod: '404', message: 'Internal error' });
  };
  return new HttpFake(handler);
}
