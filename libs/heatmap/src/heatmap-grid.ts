/**
 * Pure viewport maths for the heatmap: which grid cell size suits a viewport, how a viewport is
 * split at the antimeridian, and which coarse regions it covers (for cache versioning).
 */

export interface Viewport {
  swLat: number;
  swLng: number;
  neLat: number;
  neLng: number;
}

/** A lng/lat box that does not cross the antimeridian (west <= east). */
export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The finest cell: 0.00045° ≈ 50 m (the reference grid), so a street still looks right. */
export const FINEST_CELL_DEGREES = 0.00045;
/** Roughly this many cells across the viewport's larger side. */
const TARGET_CELLS_ACROSS = 160;
/** Coarse regions whose version counters key the cache (1° ≈ 111 km). */
export const REGION_DEGREES = 1;
/** Above this many regions the viewport is "wide" and keyed by the global version instead. */
export const MAX_VERSIONED_REGIONS = 64;

/** Grid levels stored per run: cell = FINEST_CELL_DEGREES × 2^level, level 0 (≈50 m) … 13 (≈3.7°). */
export const MAX_LEVEL = 13;

export interface GridLevel {
  level: number;
  /** cell size in degrees, on both axes */
  cell: number;
}

/**
 * The grid level for a viewport: the finest cell doubled until about TARGET_CELLS_ACROSS cells span
 * the viewport's larger side, so a city and a street both get a readable grid. Cells are square in
 * degrees (a fixed ladder shared by every viewport, which is what lets them be precomputed).
 */
export function gridLevelFor(viewport: Viewport): GridLevel {
  const boxes = splitAtAntimeridian(viewport);
  const lngSpan = boxes.reduce((sum, box) => sum + (box.east - box.west), 0);
  const span = Math.max(viewport.neLat - viewport.swLat, lngSpan);
  let level = 0;
  while (level < MAX_LEVEL && span / cellAt(level) > TARGET_CELLS_ACROSS) level++;
  return { level, cell: cellAt(level) };
}

export function cellAt(level: number): number {
  return FINEST_CELL_DEGREES * 2 ** level;
}

/** Inclusive cell index ranges of a box at a level. */
export function cellRange(box: Box, cell: number): { x0: number; x1: number; y0: number; y1: number } {
  return {
    x0: Math.floor(box.west / cell),
    x1: Math.floor(box.east / cell),
    y0: Math.floor(box.south / cell),
    y1: Math.floor(box.north / cell),
  };
}

/** A viewport whose west edge is east of its east edge crosses the antimeridian: two boxes. */
export function splitAtAntimeridian(viewport: Viewport): Box[] {
  const { swLat, swLng, neLat, neLng } = viewport;
  if (swLng <= neLng) return [{ west: swLng, south: swLat, east: neLng, north: neLat }];
  return [
    { west: swLng, south: swLat, east: 180, north: neLat },
    { west: -180, south: swLat, east: neLng, north: neLat },
  ];
}

/** Snaps a viewport outwards to multiples of 8 cells so nearby pans share one cache entry. */
export function quantizeViewport(viewport: Viewport, cell: number): Viewport {
  const stepLat = cell * 8;
  const stepLng = cell * 8;
  const down = (value: number, step: number) => Math.floor(value / step) * step;
  const up = (value: number, step: number) => Math.ceil(value / step) * step;
  return {
    swLat: Math.max(-90, down(viewport.swLat, stepLat)),
    neLat: Math.min(90, up(viewport.neLat, stepLat)),
    swLng: Math.max(-180, down(viewport.swLng, stepLng)),
    neLng: Math.min(180, up(viewport.neLng, stepLng)),
  };
}

/** Coarse region ids covered by the boxes, or null when there are too many (use the global version). */
export function regionsCovering(boxes: Box[]): string[] | null {
  const regions: string[] = [];
  for (const box of boxes) {
    const x0 = Math.floor(box.west / REGION_DEGREES);
    const x1 = Math.floor(Math.min(box.east, 179.999999) / REGION_DEGREES);
    const y0 = Math.floor(box.south / REGION_DEGREES);
    const y1 = Math.floor(Math.min(box.north, 89.999999) / REGION_DEGREES);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) + regions.length > MAX_VERSIONED_REGIONS) return null;
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) regions.push(`${x}:${y}`);
  }
  return regions;
}

/** Regions a run's points touch (from its bounding box), whose cached tiles a new run invalidates. */
export function regionsOfBounds(bounds: Box): string[] {
  return regionsCovering([bounds]) ?? [];
}

/** The smallest box holding both (either may be null: nothing changed there). */
export function unionBox(a: Box | null, b: Box | null): Box | null {
  if (!a) return b;
  if (!b) return a;
  return {
    west: Math.min(a.west, b.west),
    south: Math.min(a.south, b.south),
    east: Math.max(a.east, b.east),
    north: Math.max(a.north, b.north),
  };
}
