import { geodesicMeters } from '@runvs/geo';

/**
 * Where a run happened, as a populated place of the offline gazetteer (GeoNames, places of at least
 * 15,000 people) and its country. A point belongs to the place that minimises
 * distance ÷ √population among places within PLACE_RADIUS_KM — a weighted nearest neighbour, so a
 * run in Gangnam counts for Seoul (10 M people, 9 km away) rather than for the small town 7 km
 * away. No place that close: the country of the nearest place within COUNTRY_RADIUS_KM, no city.
 */
export interface Place {
  id: number;
  name: string;
  country: string;
  lat: number;
  lng: number;
  population: number;
}

export interface RunPlace {
  country: string | null;
  place: Place | null;
}

export const PLACE_RADIUS_KM = 30;
export const COUNTRY_RADIUS_KM = 100;

export class Gazetteer {
  private readonly cells = new Map<string, Place[]>();
  private readonly byId = new Map<number, Place>();
  private readonly byName = new Map<string, Place[]>();

  constructor(places: Place[]) {
    for (const place of places) {
      this.byId.set(place.id, place);
      const cell = cellKey(Math.floor(place.lat), Math.floor(place.lng));
      const list = this.cells.get(cell);
      if (list) list.push(place);
      else this.cells.set(cell, [place]);
      const name = normalizePlaceName(place.name);
      const named = this.byName.get(name);
      if (named) named.push(place);
      else this.byName.set(name, [place]);
    }
    for (const named of this.byName.values()) named.sort((a, b) => b.population - a.population);
  }

  /** `id|name|country|lat|lng|population` lines (places.data.ts). */
  static parse(data: string): Gazetteer {
    const places: Place[] = [];
    for (const line of data.split('\n')) {
      const [id, name, country, lat, lng, population] = line.split('|');
      if (!population) continue;
      places.push({
        id: Number(id),
        name,
        country,
        lat: Number(lat),
        lng: Number(lng),
        population: Number(population),
      });
    }
    return new Gazetteer(places);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The place and country a point (WGS84) belongs to. */
  locate(lat: number, lng: number): RunPlace {
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      return { country: null, place: null };
    }
    let best: Place | null = null;
    let bestScore = Infinity;
    let nearest: Place | null = null;
    let nearestKm = Infinity;
    for (const place of this.around(lat, lng, COUNTRY_RADIUS_KM)) {
      const km = geodesicMeters(lat, lng, place.lat, place.lng) / 1000;
      if (km < nearestKm) {
        nearest = place;
        nearestKm = km;
      }
      if (km > PLACE_RADIUS_KM) continue;
      const score = km / Math.sqrt(place.population);
      if (score < bestScore) {
        best = place;
        bestScore = score;
      }
    }
    if (best) return { country: best.country, place: best };
    return { country: nearestKm <= COUNTRY_RADIUS_KM && nearest ? nearest.country : null, place: null };
  }

  /**
   * A place named by the caller: its GeoNames id, or its name (case, accents and a Korean
   * `-si/-gun/-gu` suffix ignored), the most populous match in `country` when one is given.
   */
  find(nameOrId: string, country: string | null): Place | null {
    const trimmed = nameOrId.trim();
    if (/^\d{1,10}$/.test(trimmed)) {
      const place = this.byId.get(Number(trimmed)) ?? null;
      return place && (!country || place.country === country) ? place : null;
    }
    const named = this.byName.get(normalizePlaceName(trimmed)) ?? [];
    return named.find((place) => !country || place.country === country) ?? null;
  }

  private *around(lat: number, lng: number, radiusKm: number): Iterable<Place> {
    // 1° cells: enough neighbours to cover the radius, more columns towards the poles.
    const latCells = Math.ceil(radiusKm / 111);
    const cos = Math.max(Math.cos((Math.min(Math.abs(lat) + latCells, 89.9) * Math.PI) / 180), 0.01);
    const lngCells = Math.min(Math.ceil(radiusKm / (111 * cos)), 180);
    const y = Math.floor(lat);
    const x = Math.floor(lng);
    for (let dy = -latCells; dy <= latCells; dy++) {
      for (let dx = -lngCells; dx <= lngCells; dx++) {
        const column = ((((x + dx + 180) % 360) + 360) % 360) - 180;
        const list = this.cells.get(cellKey(y + dy, column));
        if (list) yield* list;
      }
    }
  }
}

function cellKey(y: number, x: number): string {
  return `${y}:${x}`;
}

/** `Uijeongbu-si` → `uijeongbu`, `Ŭiwang` → `uiwang`, `Jeju City` → `jeju`. */
export function normalizePlaceName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[-\s]+(si|gun|gu|city)$/, '')
    .replace(/[^a-z0-9\u3131-\uD79D]+/g, ' ')
    .trim();
}

/** A country as the app may send it: ISO 3166-1 alpha-2 (any case), or a few names of Korea. */
export function normalizeCountry(country: string): string | null {
  const trimmed = country.trim();
  if (/^[a-z]{2}$/i.test(trimmed)) return trimmed.toUpperCase();
  const aliases: Record<string, string> = {
    korea: 'KR',
    'south korea': 'KR',
    'republic of korea': 'KR',
    대한민국: 'KR',
    한국: 'KR',
  };
  return aliases[trimmed.toLowerCase()] ?? null;
}
