import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { GeoJsonPoint } from '../column-types';

/** One of a runner's privacy circles (written with explicit SQL by libs/privacy). */
@Entity('privacy_zones')
export class PrivacyZoneEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'smallint' }) position!: number;
  @Column({ type: 'geography', spatialFeatureType: 'Point', srid: 4326, select: false })
  center!: GeoJsonPoint;
  @Column({ name: 'radius_meters', type: 'integer' }) radiusMeters!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
