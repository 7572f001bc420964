import { aqiLabel, koreanDescription } from './weather-descriptions';
import { type CurrentWeather, round1 } from './current-weather';

const CONDITIONS: Array<{ code: number; day: string; night: string }> = [
  { code: 800, day: '01d', night: '01n' },
  { code: 801, day: '02d', night: '02n' },
  { code: 802, day: '03d', night: '03n' },
  { code: 803, day: '04d', night: '04n' },
  { code: 500, day: '10d', night: '10n' },
];

/** Deterministic pseudo-random in [0, 1) from a string, so one cell and hour always agree. */
function unit(seed: string): number {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
  return ((hash >>> 0) % 10_000) / 10_000;
}

/**
 * Plausible weather without an API key: temperature from latitude, season and local solar hour
 * (warmest mid-afternoon, coldest before dawn), with stable per-cell/hour variation, so the app
 * shows something realistic in development instead of a constant.
 */
export function mockWeather(lat: number, lng: number, now: Date = new Date()): CurrentWeather {
  const dayOfYear = Math.floor((now.getTime() - Date.UTC(now.getUTCFullYear(), 0, 0)) / 86_400_000);
  const northern = lat >= 0 ? 1 : -1;
  const season = Math.cos(((dayOfYear - 200) / 365.25) * 2 * Math.PI) * northern; // 1 = peak summer
  // Whole hours: one cell shows the same weather for the whole hour, like a real observation.
  const solarHour = (now.getUTCHours() + Math.round(lng / 15) + 24) % 24;
  const diurnal = Math.cos(((solarHour - 15) / 24) * 2 * Math.PI); // 1 at 15:00, −1 at 03:00
  const annualMean = 27 - 0.45 * Math.abs(lat);
  const seasonalSwing = Math.min(18, 0.35 * Math.abs(lat));
  const seed = `${lat.toFixed(2)},${lng.toFixed(2)},${now.toISOString().slice(0, 13)}`;
  const temp = annualMean + seasonalSwing * season + 4 * diurnal + (unit(seed) - 0.5) * 3;
  const wind = 1 + unit(`${seed}:wind`) * 5;
  const humidity = Math.round(45 + unit(`${seed}:hum`) * 40);
  const condition = CONDITIONS[Math.floor(unit(`${seed}:sky`) * CONDITIONS.length)];
  const isDay = solarHour >= 6 && solarHour < 19;
  const feelsLike = temp < 10 ? temp - wind * 0.7 : temp > 26 ? temp + (humidity - 40) / 20 : temp;
  const aqi = 1 + Math.floor(unit(`${seed}:aqi`) * 3);
  return {
    temp: round1(temp),
    feels_like: round1(feelsLike),
    humidity,
    wind_speed: round1(wind),
    description: koreanDescription(condition.code, undefined),
    icon: isDay ? condition.day : condition.night,
    aqi,
    aqi_label: aqiLabel(aqi),
  };
}
