import { Module } from '@nestjs/common';
import { OpenWeatherMapClient } from './openweathermap.client';
import { WeatherService } from './weather.service';

@Module({ providers: [OpenWeatherMapClient, WeatherService], exports: [WeatherService] })
export class WeatherModule {}
