import type { ValueTransformer } from 'typeorm';

/** bigint columns hold totals that stay far below 2^53; read them as numbers, not strings. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** GeoJSON shapes as TypeORM reads/writes geography columns. */
export interface GeoJsonPoint {
  type: 'Point';
  coordinates: [number, number] | [number, number, number];
}

export interface GeoJsonLineString {
  type: 'LineString';
  coordinates: Array<[number, number] | [number, number, number]>;
}
