import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type RunSessionStatus = 'active' | 'completed' | 'recovered' | 'imported' | 'discarded';

export interface DeviceInfo {
  platform?: string;
  os_version?: string;
  device_model?: string;
  app_version?: string;
  source?: string;
  device?: string | null;
}

@Entity('run_sessions')
export class RunSessionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'course_id', type: 'uuid', nullable: true }) courseId!: string | null;
  @Column({ type: 'varchar', length: 12, default: 'active' }) status!: RunSessionStatus;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'device_info', type: 'jsonb', nullable: true }) deviceInfo!: DeviceInfo | null;
  @Column({ name: 'chunk_count', type: 'integer', default: 0 }) chunkCount!: number;
  @Column({ name: 'last_chunk_at', type: 'timestamptz', nullable: true }) lastChunkAt!: Date | null;
  @Column({ name: 'run_record_id', type: 'uuid', nullable: true }) runRecordId!: string | null;
  /** the ghost raced: `me`, `leader` or a user id (null: not chosen, `me` is compared) */
  @Column({ name: 'ghost_of', type: 'varchar', length: 36, nullable: true }) ghostOf!: string | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
