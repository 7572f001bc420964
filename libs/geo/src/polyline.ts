import type { LngLat } from './types';

function encodeValue(v: number): string {
  let x = v < 0 ? ~(v << 1) : v << 1;
  let out = '';
  while (x >= 0x20) {
    out += String.fromCharCode((0x20 | (x & 0x1f)) + 63);
    x >>>= 5;
  }
  return out + String.fromCharCode(x + 63);
}

/**
 * Google encoded polyline of `[lng, lat]` coordinates (the format stores lat first; we take and
 * give GeoJSON order). Precision 5 is Google's and Strava's; Mapbox/OSRM also use 6.
 */
export function encodePolyline(coords: readonly (readonly number[])[], precision = 5): string {
  const factor = 10 ** precision;
  let prevLat = 0;
  let prevLng = 0;
  let out = '';
  for (const c of coords) {
    const lat = Math.round(c[1] * factor);
    const lng = Math.round(c[0] * factor);
    out += encodeValue(lat - prevLat) + encodeValue(lng - prevLng);
    prevLat = lat;
    prevLng = lng;
  }
  return out;
}

/** Decodes a Google encoded polyline into `[lng, lat]`; throws on a truncated string. */
export function decodePolyline(encoded: string, precision = 5): LngLat[] {
  const factor = 10 ** precision;
  const out: LngLat[] = [];
  let index = 0;
  let lat = 0;
  let lng = 0;
  const next = (): number => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      if (index >= encoded.length) throw new RangeError('truncated encoded polyline');
      byte = encoded.charCodeAt(index++) - 63;
      result |= (byte & 0x1f) << shift;
      shift += 5;
    } while (byte >= 0x20);
    return result & 1 ? ~(result >> 1) : result >> 1;
  };
  while (index < encoded.length) {
    lat += next();
    lng += next();
    out.push([lng / factor, lat / factor]);
  }
  return out;
}
