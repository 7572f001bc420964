import { Inject, Injectable, Logger } from '@nestjs/common';
import { CacheService } from '@runvs/cache';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { type CurrentWeather, weatherCell } from './current-weather';
import { mockWeather } from './mock-weather';
import { OpenWeatherMapClient } from './openweathermap.client';

/** A last good answer per cell, served when the provider fails. */
const STALE_TTL_SECONDS = 24 * 3_600;
/** While the provider is failing, answer from the stale copy for this long before asking again. */
const FAILURE_BACKOFF_SECONDS = 60;

@Injectable()
export class WeatherService {
  private readonly logger = new Logger(WeatherService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: CacheService,
    private readonly provider: OpenWeatherMapClient,
  ) {}

  /**
   * Current weather and air quality for a coordinate, shared by everyone in its ~1 km cell for
   * WEATHER_CACHE_SECONDS; concurrent misses of a cell make one upstream call. Without an API key
   * the answer is realistic mock data.
   */
  async current(lat: number, lng: number): Promise<CurrentWeather> {
    const cell = weatherCell(lat, lng);
    if (!this.config.weather.apiKey) return mockWeather(cell.lat, cell.lng);

    const freshKey = this.cache.key('weather', cell.key);
    const staleKey = this.cache.key('weather-stale', cell.key);
    return this.cache.getOrLoad(freshKey, this.config.weather.cacheSeconds, async () => {
      try {
        const weather = await this.provider.current(cell.lat, cell.lng);
        await this.cache.set(staleKey, weather, STALE_TTL_SECONDS);
        return weather;
      } catch (error) {
        this.logger.warn(`weather provider failed for cell ${cell.key}: ${(error as Error).message}`);
        const stale = await this.cache.get<CurrentWeather>(staleKey);
        if (!stale) {
          throw new DomainError(
            'PROVIDER_UNAVAILABLE',
            'Weather is temporarily unavailable, please retry shortly.',
          );
        }
        await this.cache.set(freshKey, stale, FAILURE_BACKOFF_SECONDS);
        return stale;
      }
    });
  }
}
