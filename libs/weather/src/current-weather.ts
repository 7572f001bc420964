/** The contract's weather body (`GET /weather/current`). */
export interface CurrentWeather {
  temp: number;
  feels_like: number;
  humidity: number;
  wind_speed: number;
  description: string;
  icon: string;
  aqi: number | null;
  aqi_label: string | null;
}

export const round1 = (value: number): number => Math.round(value * 10) / 10;

/** ~1 km cells: 0.01° of latitude is 1.1 km, of longitude 0.9 km at Seoul. */
export function weatherCell(lat: number, lng: number): { lat: number; lng: number; key: string } {
  const cellLat = Math.round(lat * 100) / 100;
  const cellLng = Math.round(lng * 100) / 100;
  return { lat: cellLat, lng: cellLng, key: `${cellLat.toFixed(2)},${cellLng.toFixed(2)}` };
}
