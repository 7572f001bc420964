import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ImportSource = 'gpx_upload' | 'fit_upload' | 'tcx_upload' | 'strava';
export type ImportStatus = 'pending' | 'processing' | 'completed' | 'failed';

@Entity('external_imports')
export class ExternalImportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'varchar', length: 12 }) source!: ImportSource;
  @Column({ type: 'varchar', length: 12, default: 'pending' }) status!: ImportStatus;
  @Column({ name: 'external_id', type: 'varchar', length: 64, nullable: true }) externalId!: string | null;
  @Column({ name: 'original_filename', type: 'varchar', length: 255, nullable: true })
  originalFilename!: string | null;
  @Column({ name: 'file_key', type: 'text', nullable: true }) fileKey!: string | null;
  @Column({ name: 'file_sha256', type: 'char', length: 64, nullable: true }) fileSha256!: string | null;
  @Column({ name: 'file_size_bytes', type: 'integer', nullable: true }) fileSizeBytes!: number | null;
  @Column({ name: 'file_type', type: 'varchar', length: 8, nullable: true }) fileType!: string | null;
  @Column({ type: 'boolean', default: false }) compressed!: boolean;
  @Column({ name: 'progress_percent', type: 'smallint', default: 0 }) progressPercent!: number;
  @Column({ name: 'activity_type', type: 'varchar', length: 12, nullable: true }) activityType!:
    string | null;
  @Column({ name: 'import_summary', type: 'jsonb', nullable: true }) importSummary!: Record<
    string,
    unknown
  > | null;
  @Column({ name: 'course_match', type: 'jsonb', nullable: true }) courseMatch!: Record<
    string,
    unknown
  > | null;
  @Column({ name: 'run_record_id', type: 'uuid', nullable: true }) runRecordId!: string | null;
  @Column({ name: 'duplicate_of_run_id', type: 'uuid', nullable: true }) duplicateOfRunId!: string | null;
  @Column({ name: 'duplicate_of_import_id', type: 'uuid', nullable: true }) duplicateOfImportId!:
    string | null;
  @Column({ name: 'error_message', type: 'text', nullable: true }) errorMessage!: string | null;
  @Column({ name: 'raw_metadata', type: 'jsonb', nullable: true }) rawMetadata!: Record<
    string,
    unknown
  > | null;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
