import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { aqiLabel, koreanDescription } from './weather-descriptions';
import { type CurrentWeather, round1 } from './current-weather';

const TIMEOUT_MS = 5_000;

export class WeatherProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeatherProviderError';
  }
}

interface OwmWeather {
  weather?: Array<{ id?: number; description?: string; icon?: string }>;
  main?: { temp?: number; feels_like?: number; humidity?: number };
  wind?: { speed?: number };
}

interface OwmAirPollution {
  list?: Array<{ main?: { aqi?: number } }>;
}

/** OpenWeatherMap current weather + air pollution, called in parallel (external-apis.md §6). */
@Injectable()
export class OpenWeatherMapClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async current(lat: number, lng: number): Promise<CurrentWeather> {
    const [weather, air] = await Promise.allSettled([
      this.getJson<OwmWeather>('/data/2.5/weather', { lat, lon: lng, units: 'metric', lang: 'kr' }),
      this.getJson<OwmAirPollution>('/data/2.5/air_pollution', { lat, lon: lng }),
    ]);
    if (weather.status === 'rejected') throw weather.reason;
    const body = weather.value;
    const temp = body.main?.temp;
    if (typeof temp !== 'number' || !Number.isFinite(temp)) {
      throw new WeatherProviderError('weather answer without main.temp');
    }
    const condition = body.weather?.[0];
    // Air quality is a bonus: its failure leaves aqi null rather than failing the weather.
    const rawAqi = air.status === 'fulfilled' ? air.value.list?.[0]?.main?.aqi : undefined;
    const aqi = typeof rawAqi === 'number' && rawAqi >= 1 && rawAqi <= 5 ? rawAqi : null;
    return {
      temp: round1(temp),
      feels_like: round1(body.main?.feels_like ?? temp),
      humidity: Math.round(body.main?.humidity ?? 0),
      wind_speed: round1(body.wind?.speed ?? 0),
      description: koreanDescription(condition?.id, condition?.description),
      icon: condition?.icon ?? '01d',
      aqi,
      aqi_label: aqiLabel(aqi),
    };
  }

  private async getJson<T>(path: string, query: Record<string, string | number>): Promise<T> {
    const url = new URL(path, this.config.weather.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    url.searchParams.set('appid', this.config.weather.apiKey ?? '');
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new WeatherProviderError(`OpenWeatherMap unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) {
      // `cod` may be a number or a string; the HTTP status is what counts (external-apis.md §6.3).
      const text = await response.text().catch(() => '');
      throw new WeatherProviderError(
        `OpenWeatherMap ${path} answered ${response.status}: ${text.slice(0, 200)}`,
      );
    }
    try {
      return (await response.json()) as T;
    } catch {
      throw new WeatherProviderError(`OpenWeatherMap ${path} answered invalid JSON`);
    }
  }
}
