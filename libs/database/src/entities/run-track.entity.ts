import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A run's recorded track, encoded by libs/runs (`encodeTrack`); written and read with explicit SQL. */
@Entity('run_tracks')
export class RunTrackEntity {
  @PrimaryColumn({ name: 'run_record_id', type: 'uuid' }) runRecordId!: string;
  @Column({ name: 'point_count', type: 'integer' }) pointCount!: number;
  @Column({ name: 'has_time', type: 'boolean' }) hasTime!: boolean;
  @Column({ name: 'has_elevation', type: 'boolean' }) hasElevation!: boolean;
  @Column({ name: 'has_heart_rate', type: 'boolean' }) hasHeartRate!: boolean;
  @Column({ type: 'jsonb', default: () => "'[]'" }) pauses!: Array<{ start: number; end: number }>;
  @Column({ type: 'bytea', select: false }) samples!: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
