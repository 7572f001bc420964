import {
  dedupeConsecutive,
  douglasPeuckerIndices,
  type LineCoordinates,
  type LngLat,
  ROUTE_COLOR,
  sampleEvenly,
  toLngLatPairs,
} from '@runvs/geo';

/** The thumbnail's size in CSS pixels (as the Mapbox image: 600x400), drawn at 2× density. */
export const THUMBNAIL_WIDTH = 600;
export const THUMBNAIL_HEIGHT = 400;
export const THUMBNAIL_SCALE = 2;
/** Vertices closer than this to the drawn line (output pixels) are left out: invisible, but bytes. */
const SIMPLIFY_TOLERANCE_PX = 0.6;
const MAX_DRAWN_POINTS = 4_000;

export interface RouteImageOptions {
  width?: number;
  height?: number;
  /** free border around the route, in output pixels */
  padding?: number;
}

/**
 * An SVG picture of a route for a course thumbnail, drawn without any map service: a soft
 * map-like background with a grid, the route projected in Web Mercator (the projection of every
 * web map, so the shape looks as on the app's map) and fitted with its aspect kept, a dark casing
 * under the route colour, a green start and a chequered finish marker. Simplified in output
 * pixels, so long routes stay small files. Null when the line has fewer than two distinct points.
 */
export function renderRouteSvg(line: LineCoordinates, options: RouteImageOptions = {}): string | null {
  const width = options.width ?? THUMBNAIL_WIDTH * THUMBNAIL_SCALE;
  const height = options.height ?? THUMBNAIL_HEIGHT * THUMBNAIL_SCALE;
  const padding = options.padding ?? Math.round(Math.min(width, height) * 0.12);
  const distinct = dedupeConsecutive(toLngLatPairs(line));
  if (distinct.length < 2) return null;
  const projected = unwrapLongitudes(distinct).map(mercator);

  const xs = projected.map((p) => p[0]);
  const ys = projected.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const scale = Math.min(
    spanX > 0 ? (width - 2 * padding) / spanX : Infinity,
    spanY > 0 ? (height - 2 * padding) / spanY : Infinity,
  );
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  // SVG y grows downwards, Mercator y northwards.
  const placed = projected.map(([x, y]) => [offsetX + (x - minX) * scale, offsetY + (maxY - y) * scale]);
  const kept = douglasPeuckerIndices(
    placed.map((p) => p[0]),
    placed.map((p) => p[1]),
    SIMPLIFY_TOLERANCE_PX,
  );
  const points = sampleEvenly(
    kept.map((i) => placed[i]),
    MAX_DRAWN_POINTS,
  );
  const path = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`).join(' ');
  const [startX, startY] = points[0];
  const [finishX, finishY] = points[points.length - 1];

  const stroke = Math.max(4, Math.round(width / 170));
  const marker = Math.round(stroke * 2.6);
  const grid = Math.round(width / 15);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs>',
    '<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">',
    '<stop offset="0" stop-color="#F4F7FA"/><stop offset="1" stop-color="#E3EAF1"/>',
    '</linearGradient>',
    `<pattern id="grid" width="${grid}" height="${grid}" patternUnits="userSpaceOnUse">`,
    `<path d="M ${grid} 0 L 0 0 0 ${grid}" fill="none" stroke="#D6DEE7" stroke-width="1.5"/>`,
    '</pattern>',
    `<pattern id="chequer" width="${marker}" height="${marker}" patternUnits="userSpaceOnUse" x="${(finishX - marker).toFixed(1)}" y="${(finishY - marker).toFixed(1)}">`,
    `<rect width="${marker}" height="${marker}" fill="#FFFFFF"/>`,
    `<rect width="${marker / 2}" height="${marker / 2}" fill="#111827"/>`,
    `<rect x="${marker / 2}" y="${marker / 2}" width="${marker / 2}" height="${marker / 2}" fill="#111827"/>`,
    '</pattern>',
    '</defs>',
    `<rect width="${width}" height="${height}" fill="url(#bg)"/>`,
    `<rect width="${width}" height="${height}" fill="url(#grid)"/>`,
    `<path d="${path}" fill="none" stroke="#0F172A" stroke-opacity="0.18" stroke-width="${stroke * 3}" stroke-linecap="round" stroke-linejoin="round" transform="translate(0 ${stroke / 2})"/>`,
    `<path d="${path}" fill="none" stroke="#374151" stroke-width="${stroke * 2}" stroke-linecap="round" stroke-linejoin="round"/>`,
    `<path d="${path}" fill="none" stroke="#${ROUTE_COLOR}" stroke-width="${stroke}" stroke-linecap="round" stroke-linejoin="round"/>`,
    `<circle cx="${finishX.toFixed(1)}" cy="${finishY.toFixed(1)}" r="${marker}" fill="url(#chequer)" stroke="#FFFFFF" stroke-width="${stroke}"/>`,
    `<circle cx="${startX.toFixed(1)}" cy="${startY.toFixed(1)}" r="${marker * 0.85}" fill="#16A34A" stroke="#FFFFFF" stroke-width="${stroke}"/>`,
    '</svg>',
  ].join('');
}

/** Longitudes made continuous from the first point, so a route across ±180° is drawn in one piece. */
function unwrapLongitudes(line: LngLat[]): LngLat[] {
  const out: LngLat[] = [];
  for (const [lng, lat] of line) {
    if (out.length === 0) {
      out.push([lng, lat]);
      continue;
    }
    const previous = out[out.length - 1][0];
    let unwrapped = lng;
    while (unwrapped - previous > 180) unwrapped -= 360;
    while (unwrapped - previous < -180) unwrapped += 360;
    out.push([unwrapped, lat]);
  }
  return out;
}

/** Web Mercator, in radians of longitude (latitude clamped to the map's ±85.05°). */
function mercator([lng, lat]: LngLat): [number, number] {
  const phi = (Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI) / 180;
  return [(lng * Math.PI) / 180, Math.log(Math.tan(Math.PI / 4 + phi / 2))];
}
