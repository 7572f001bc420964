import type { Envelope } from './discovery/course-discovery.repository';
import type { Viewport } from './courses.types';

/** Map viewports are cut into GRID × GRID cells so a marker limit spreads over the whole view. */
export const VIEWPORT_GRID = 4;

/**
 * The lon/lat rectangles covering a map viewport, cut into a grid. A west edge east of the east
 * edge means the viewport crosses ±180°; a span of 360° or more is the whole world. Cells that
 * cross ±180° are split in two, so every envelope has west ≤ east within −180…180.
 */
export function viewportEnvelopes(viewport: Viewport, grid = VIEWPORT_GRID): Envelope[] {
  let west = viewport.swLng;
  let east = viewport.neLng;
  if (east < west) east += 360;
  let width = east - west;
  if (width >= 360 || (viewport.swLng <= -179 && viewport.neLng >= 179)) {
    west = -180;
    width = 360;
  }
  const south = viewport.swLat;
  const height = viewport.neLat - viewport.swLat;
  const envelopes: Envelope[] = [];
  for (let row = 0; row < grid; row++) {
    const s = south + (height * row) / grid;
    const n = row === grid - 1 ? viewport.neLat : south + (height * (row + 1)) / grid;
    for (let column = 0; column < grid; column++) {
      const a = west + (width * column) / grid;
      const b = column === grid - 1 ? west + width : west + (width * (column + 1)) / grid;
      envelopes.push(...wrapped(a, b, s, n));
    }
  }
  return envelopes;
}

/** [a, b] with −180 ≤ a < 540 and b − a ≤ 360, as one or two envelopes inside −180…180. */
function wrapped(a: number, b: number, south: number, north: number): Envelope[] {
  if (a >= 180) {
    a -= 360;
    b -= 360;
  }
  if (b <= 180) return [[a, south, b, north]];
  return [
    [a, south, 180, north],
    [-180, south, b - 360, north],
  ];
}
