import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { GeoJsonLineString, GeoJsonPoint } from '../column-types';

export type CourseDifficulty = 'easy' | 'normal' | 'hard' | 'expert' | 'legend';
export type CourseType = 'normal' | 'loop';
export type ThumbnailStatus = 'pending' | 'ready' | 'failed';

export interface CourseCheckpoint {
  id: number;
  order: number;
  lat: number;
  lng: number;
  distance_from_start_meters: number;
}

/** Geometry columns are not selected by default: repositories ask for them explicitly. */
@Entity('courses')
export class CourseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'creator_id', type: 'uuid' }) creatorId!: string;
  @Column({ name: 'run_record_id', type: 'uuid', nullable: true }) runRecordId!: string | null;
  @Column({ type: 'varchar', length: 30 }) title!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) description!: string | null;
  @Column({
    name: 'route_geometry',
    type: 'geography',
    spatialFeatureType: 'LineString',
    srid: 4326,
    select: false,
  })
  routeGeometry!: GeoJsonLineString;
  @Column({ name: 'start_point', type: 'geography', spatialFeatureType: 'Point', srid: 4326, select: false })
  startPoint!: GeoJsonPoint;
  @Column({ name: 'end_point', type: 'geography', spatialFeatureType: 'Point', srid: 4326, select: false })
  endPoint!: GeoJsonPoint;
  @Column({ name: 'distance_meters', type: 'integer' }) distanceMeters!: number;
  @Column({ name: 'estimated_duration_seconds', type: 'integer', nullable: true })
  estimatedDurationSeconds!: number | null;
  @Column({ name: 'elevation_gain_meters', type: 'integer', default: 0 }) elevationGainMeters!: number;
  @Column({ name: 'elevation_loss_meters', type: 'integer', default: 0 }) elevationLossMeters!: number;
  @Column({ name: 'elevation_profile', type: 'jsonb', default: () => "'[]'" }) elevationProfile!: number[];
  @Column({ name: 'route_preview', type: 'jsonb', nullable: true }) routePreview!: Array<
    [number, number]
  > | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) checkpoints!: CourseCheckpoint[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) tags!: string[];
  @Column({ name: 'course_type', type: 'varchar', length: 10, nullable: true })
  courseType!: CourseType | null;
  @Column({ name: 'lap_count', type: 'smallint', nullable: true }) lapCount!: number | null;
  @Column({ type: 'varchar', length: 10, default: 'easy' }) difficulty!: CourseDifficulty;
  @Column({ name: 'difficulty_score', type: 'real', nullable: true }) difficultyScore!: number | null;
  @Column({ name: 'is_public', type: 'boolean', default: true }) isPublic!: boolean;
  @Column({ name: 'is_hidden', type: 'boolean', default: false }) isHidden!: boolean;
  @Column({ name: 'hidden_reason', type: 'varchar', length: 500, nullable: true }) hiddenReason!:
    string | null;
  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true }) hiddenAt!: Date | null;
  @Column({ name: 'thumbnail_url', type: 'text', nullable: true }) thumbnailUrl!: string | null;
  /** Corrections of the line so far (PATCH /courses/{id}/route). */
  @Column({ name: 'route_revision', type: 'integer', default: 0 }) routeRevision!: number;
  @Column({ name: 'photo_urls', type: 'text', array: true, default: () => "'{}'" }) photoUrls!: string[];
  @Column({ name: 'thumbnail_status', type: 'varchar', length: 10, default: 'pending' })
  thumbnailStatus!: ThumbnailStatus;
  @Column({ name: 'thumbnail_error', type: 'text', nullable: true }) thumbnailError!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
