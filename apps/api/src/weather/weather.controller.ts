import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type CurrentWeather, WeatherService } from '@runvs/weather';
import { Type } from 'class-transformer';
import { IsLatitude, IsLongitude } from 'class-validator';
import { Public } from '../auth/auth.decorators';
import { ApiErrors, ApiInteger, ApiNumber, ApiString } from '../common/api-responses';

export class WeatherQueryDto {
  @Type(() => Number)
  @IsLatitude()
  lat!: number;

  @Type(() => Number)
  @IsLongitude()
  lng!: number;
}

export class CurrentWeatherDto implements CurrentWeather {
  @ApiNumber({ description: '°C' }) temp!: number;
  @ApiNumber({ description: '°C' }) feels_like!: number;
  @ApiNumber({ description: '%' }) humidity!: number;
  @ApiNumber({ description: 'm/s' }) wind_speed!: number;
  @ApiString({ description: 'in Korean' }) description!: string;
  @ApiString({ description: "the provider's icon code" }) icon!: string;
  @ApiInteger({ nullable: true, description: 'air quality index 1–5, null when unknown' }) aqi!:
    number | null;
  @ApiString({ nullable: true }) aqi_label!: string | null;
}

@ApiTags('weather')
@Public()
@Controller('weather')
export class WeatherController {
  constructor(private readonly weather: WeatherService) {}

  /** Seed path `/weather`, client path `/weather/current`. */
  @Get(['', 'current'])
  @ApiOkResponse({ type: CurrentWeatherDto })
  @ApiErrors(422, [503, 'PROVIDER_UNAVAILABLE: the provider failed and nothing is cached'])
  current(@Query() query: WeatherQueryDto): Promise<CurrentWeather> {
    return this.weather.current(query.lat, query.lng);
  }
}
