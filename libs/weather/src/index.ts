export { type CurrentWeather, weatherCell } from './current-weather';
export { mockWeather } from './mock-weather';
export { aqiLabel, koreanDescription } from './weather-descriptions';
export { WeatherModule } from './weather.module';
export { WeatherService } from './weather.service';
