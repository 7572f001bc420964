/**
 * A GPS sample as every producer in the project hands it over (parsers, live chunks, Strava
 * streams). Matched structurally: extra fields such as `accuracy`, `speed` or `heartRate` are
 * tolerated and ignored unless a function says otherwise.
 */
export interface GeoPoint {
  lat: number;
  lng: number;
  /** metres above sea level; null when unknown */
  ele: number | null;
  /** epoch milliseconds (UTC); null when unknown */
  time: number | null;
}

/** Any object with a position; used where elevation and time are irrelevant. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** GeoJSON coordinate order: `[lng, lat]`. */
export type LngLat = [number, number];

/** GeoJSON coordinate with altitude: `[lng, lat, alt]`. */
export type LngLatAlt = [number, number, number];

/** A course or route line as stored in GeoJSON (`LineString.coordinates`). */
export type LineCoordinates = ReadonlyArray<LngLat | LngLatAlt | readonly number[]>;

/** A span (epoch ms, end exclusive) during which the runner's timer was stopped. */
export interface PauseInterval {
  start: number;
  end: number;
}

export interface BoundingBox {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}
