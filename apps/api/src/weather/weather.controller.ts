import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type CurrentWeather, WeatherService } from '@runvs/weather';
import { Type } from 'class-transformer';
import { IsLatitude, IsLongitude } from 'class-validator';
import { Public } from '../auth/auth.decorators';

export class WeatherQueryDto {
  @Type(() => Number)
  @IsLatitude()
  lat!: number;

  @Type(() => Number)
  @IsLongitude()
  lng!: number;
}

@ApiTags('weather')
@Public()
@Controller('weather')
export class WeatherController {
  constructor(private readonly weather: WeatherService) {}

  /** Seed path `/weather`, client path `/weather/current`. */
  @Get(['', 'current'])
  @ApiOkResponse({
    description: 'temp, feels_like, humidity, wind_speed, description (Korean), icon, aqi, aqi_label',
  })
  current(@Query() query: WeatherQueryDto): Promise<CurrentWeather> {
    return this.weather.current(query.lat, query.lng);
  }
}
