import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GeoJsonPoint } from '../column-types';

/** Written and read with explicit SQL by libs/heatmap; mapped for completeness. */
@Entity('heatmap_points')
export class HeatmapPointEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'run_record_id', type: 'uuid' }) runRecordId!: string;
  @Column({ type: 'geometry', spatialFeatureType: 'Point', srid: 4326, select: false }) point!: GeoJsonPoint;
}
