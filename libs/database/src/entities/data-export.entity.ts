import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DataExportStatus = 'pending' | 'running' | 'ready' | 'failed';

/** A runner's data export (libs/exports, explicit SQL): its state and its private zip. */
@Entity('data_exports')
export class DataExportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'varchar', length: 12, default: 'pending' }) status!: DataExportStatus;
  @Column({ name: 'file_key', type: 'text', nullable: true }) fileKey!: string | null;
  @Column({ name: 'size_bytes', type: 'bigint', nullable: true }) sizeBytes!: string | null;
  @Column({ name: 'run_count', type: 'integer', nullable: true }) runCount!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
}
