import { roundCoord, sampleEvenly, toLngLatPairs } from './line';
import { simplifiedPreviewLine } from './route-preview';
import type { LineCoordinates } from './types';

export const MAPBOX_STATIC_BASE = 'https://api.mapbox.com/styles/v1/mapbox/outdoors-v12/static';
/** §6.5a: the synchronous thumbnail URL carries at most 80 points. */
export const THUMBNAIL_URL_MAX_POINTS = 80;
/** §6.5b: the rendered thumbnail image uses up to 100 points. */
export const THUMBNAIL_IMAGE_MAX_POINTS = 100;
export const ROUTE_COLOR = 'FFC800';

/** A GeoJSON-ish geometry as stored; anything without usable coordinates yields no URL. */
export type GeometryLike = { type?: string; coordinates?: LineCoordinates } | null | undefined;

function coordinatesOf(geometry: GeometryLike): LineCoordinates | null {
  if (!geometry || typeof geometry !== 'object' || !Array.isArray(geometry.coordinates)) return null;
  return geometry.coordinates;
}

/**
 * §6.5a static thumbnail URL: dedupe + Douglas–Peucker 0.0001°, ≤ 80 points, a
 * `path-4+FFC800-0.9(lng,lat;…)` overlay with 6 decimals, URL-encoded, 600x300@2x, padding 50.
 * Null without a token or with fewer than two usable points.
 */
export function staticThumbnailUrl(
  geometry: GeometryLike,
  accessToken: string | null | undefined,
): string | null {
  if (!accessToken) return null;
  const simplified = simplifiedPreviewLine(coordinatesOf(geometry));
  if (!simplified) return null;
  const path = sampleEvenly(simplified, THUMBNAIL_URL_MAX_POINTS)
    .map((c) => roundCoord(c, 6))
    .map(([lng, lat]) => `${lng},${lat}`)
    .join(';');
  const overlay = `path-4+${ROUTE_COLOR}-0.9(${encodeURIComponent(path)})`;
  return `${MAPBOX_STATIC_BASE}/${overlay}/auto/600x300@2x?access_token=${encodeURIComponent(accessToken)}&padding=50`;
}

/**
 * §6.5b image URL for the background thumbnail task: up to 100 evenly sampled points (last
 * included) as a GeoJSON Feature overlay with stroke #FFC800, width 5, opacity 0.9,
 * 600x400@2x, padding 40. Null without a token or with fewer than two usable points.
 */
export function staticImageUrl(
  geometry: GeometryLike,
  accessToken: string | null | undefined,
): string | null {
  if (!accessToken) return null;
  const coords = toLngLatPairs(coordinatesOf(geometry));
  if (coords.length < 2) return null;
  const feature = {
    type: 'Feature',
    geometry: {
      type: 'LineString',
      coordinates: sampleEvenly(coords, THUMBNAIL_IMAGE_MAX_POINTS).map((c) => roundCoord(c, 6)),
    },
    properties: { stroke: `#${ROUTE_COLOR}`, 'stroke-width': 5, 'stroke-opacity': 0.9 },
  };
  const overlay = `geojson(${encodeURIComponent(JSON.stringify(feature))})`;
  return `${MAPBOX_STATIC_BASE}/${overlay}/auto/600x400@2x?access_token=${encodeURIComponent(accessToken)}&padding=40`;
}
