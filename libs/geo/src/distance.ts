import type { LatLng } from './types';

/** Sphere radius of the reference implementation (§5, §10.1, §17); keep for conformance numbers. */
export const EARTH_RADIUS_M = 6_371_000;

/** WGS84 ellipsoid, the datum of GPS and of PostGIS `geography` (SRID 4326). */
export const WGS84_A = 6_378_137;
export const WGS84_F = 1 / 298.257223563;
export const WGS84_B = WGS84_A * (1 - WGS84_F);
const WGS84_E2 = WGS84_F * (2 - WGS84_F);

const DEG = Math.PI / 180;

/** Great-circle distance on the R = 6 371 000 m sphere (the reference's `_haversine`). */
export function haversineMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * DEG;
  const dLng = (lng2 - lng1) * DEG;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * s2 * s2;
  // min() guards against h creeping above 1 through rounding for antipodal points.
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function haversine(a: LatLng, b: LatLng): number {
  return haversineMeters(a.lat, a.lng, b.lat, b.lng);
}

/** Haversine over GeoJSON-ordered coordinates `[lng, lat]`, as the reference's `_haversine`. */
export function haversineLngLat(a: readonly number[], b: readonly number[]): number {
  return haversineMeters(a[1], a[0], b[1], b[0]);
}

function normalizeLngDeltaRad(d: number): number {
  if (d > Math.PI) return d - 2 * Math.PI;
  if (d < -Math.PI) return d + 2 * Math.PI;
  return d;
}

/**
 * Ellipsoidal (WGS84) distance by Vincenty's inverse formula: sub-millimetre agreement with
 * Karney's algorithm, which is what PostGIS uses for `geography` distances. Vincenty can fail to
 * converge for nearly antipodal points (irrelevant for running); there we fall back to the
 * great circle on the sphere of mean radius, which is within 0.5 % of the truth.
 */
export function geodesicMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const L = normalizeLngDeltaRad((lng2 - lng1) * DEG);
  const tanU1 = (1 - WGS84_F) * Math.tan(lat1 * DEG);
  const tanU2 = (1 - WGS84_F) * Math.tan(lat2 * DEG);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
  const sinU1 = tanU1 * cosU1;
  const cosU2 = 1 / Math.sqrt(1 + tanU2 * tanU2);
  const sinU2 = tanU2 * cosU2;

  let lambda = L;
  let sinSigma = 0;
  let cosSigma = 1;
  let sigma = 0;
  let cosSqAlpha = 1;
  let cos2SigmaM = 0;
  let converged = false;
  for (let iter = 0; iter < 200; iter++) {
    const sinLambda = Math.sin(lambda);
    const cosLambda = Math.cos(lambda);
    const t1 = cosU2 * sinLambda;
    const t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
    sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
    if (sinSigma === 0) return 0;
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
    sigma = Math.atan2(sinSigma, cosSigma);
    const sinAlpha = (cosU1 * cosU2 * sinLambda) / sinSigma;
    cosSqAlpha = 1 - sinAlpha * sinAlpha;
    // On the equator cos²α is 0 and the term is defined as 0.
    cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - (2 * sinU1 * sinU2) / cosSqAlpha : 0;
    const C = (WGS84_F / 16) * cosSqAlpha * (4 + WGS84_F * (4 - 3 * cosSqAlpha));
    const prev = lambda;
    lambda =
      L +
      (1 - C) *
        WGS84_F *
        sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    if (Math.abs(lambda - prev) < 1e-12) {
      converged = true;
      break;
    }
  }
  if (!converged || Math.abs(lambda) > Math.PI) {
    return (haversineMeters(lat1, lng1, lat2, lng2) / EARTH_RADIUS_M) * 6_371_008.8;
  }
  const uSq = (cosSqAlpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B)) / (WGS84_B * WGS84_B);
  const A = 1 + (uSq / 16384) * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  const B = (uSq / 1024) * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  const c2 = cos2SigmaM * cos2SigmaM;
  const deltaSigma =
    B *
    sinSigma *
    (cos2SigmaM +
      (B / 4) *
        (cosSigma * (-1 + 2 * c2) - (B / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * c2)));
  return WGS84_B * A * (sigma - deltaSigma);
}

/**
 * Below this the mid-latitude ellipsoidal formula in `geodesicMetersFast` is within 0.2 mm of the
 * true geodesic at any latitude up to ±85° (its error grows with the cube of the distance).
 */
export const SHORT_GEODESIC_LIMIT_M = 1000;

/**
 * WGS84 geodesic distance for hot loops: for short pairs, the planar distance with the
 * ellipsoid's meridional and prime-vertical radii at the pair's mean latitude (sub-millimetre
 * there, ~10× cheaper than Vincenty's iteration); Vincenty beyond `SHORT_GEODESIC_LIMIT_M`.
 */
export function geodesicMetersFast(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const phi = ((lat1 + lat2) / 2) * DEG;
  const s = Math.sin(phi);
  const w2 = 1 - WGS84_E2 * s * s;
  const w = Math.sqrt(w2);
  const dx = wrapLngDelta(lng2 - lng1) * DEG * (WGS84_A / w) * Math.cos(phi);
  const dy = (lat2 - lat1) * DEG * ((WGS84_A * (1 - WGS84_E2)) / (w2 * w));
  const d = Math.sqrt(dx * dx + dy * dy);
  return d < SHORT_GEODESIC_LIMIT_M ? d : geodesicMeters(lat1, lng1, lat2, lng2);
}

export function geodesicDistance(a: LatLng, b: LatLng): number {
  return geodesicMeters(a.lat, a.lng, b.lat, b.lng);
}

/** Metres per degree of latitude (`ky`) and of longitude (`kx`) on WGS84 at a latitude. */
export interface MetricScale {
  kx: number;
  ky: number;
}

/**
 * WGS84 scale factors at a latitude (meridional radius M and prime-vertical radius N), the same
 * idea as mapbox cheap-ruler. Within a few kilometres of the reference latitude the resulting
 * plane distorts distances by well under 0.1 %, unlike raw degrees (which at Seoul's latitude
 * stretch east-west distances by 26 %).
 */
export function metricScaleAt(lat: number): MetricScale {
  const s = Math.sin(lat * DEG);
  const w2 = 1 - WGS84_E2 * s * s;
  const w = Math.sqrt(w2);
  const n = WGS84_A / w;
  const m = (WGS84_A * (1 - WGS84_E2)) / (w2 * w);
  return { kx: n * Math.cos(lat * DEG) * DEG, ky: m * DEG };
}

/** An equirectangular plane in metres around a reference point. */
export interface LocalProjection {
  readonly refLat: number;
  readonly refLng: number;
  readonly kx: number;
  readonly ky: number;
  /** metres east of the reference */
  x(lng: number): number;
  /** metres north of the reference */
  y(lat: number): number;
  lng(x: number): number;
  lat(y: number): number;
}

/** Longitude difference folded into [-180, 180] so lines crossing the antimeridian stay short. */
export function wrapLngDelta(d: number): number {
  if (d > 180) return d - 360;
  if (d < -180) return d + 360;
  return d;
}

export function createLocalProjection(refLat: number, refLng: number): LocalProjection {
  const { kx, ky } = metricScaleAt(refLat);
  return {
    refLat,
    refLng,
    kx,
    ky,
    x: (lng) => wrapLngDelta(lng - refLng) * kx,
    y: (lat) => (lat - refLat) * ky,
    lng: (x) => {
      const lng = refLng + x / kx;
      return lng > 180 ? lng - 360 : lng < -180 ? lng + 360 : lng;
    },
    lat: (y) => refLat + y / ky,
  };
}

/**
 * Cheap-ruler-style distance: planar with WGS84 scale factors at the pair's mean latitude.
 * Relative error below 0.01 % up to ~10 km (see spec); use `geodesicMeters` for anything longer
 * or anything compared against PostGIS.
 */
export function flatDistanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const { kx, ky } = metricScaleAt((lat1 + lat2) / 2);
  const dx = wrapLngDelta(lng2 - lng1) * kx;
  const dy = (lat2 - lat1) * ky;
  return Math.sqrt(dx * dx + dy * dy);
}
