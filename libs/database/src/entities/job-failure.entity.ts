import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type JobFailureResolution = 'redriven' | 'dismissed';

/**
 * A job that used up its attempts (or failed permanently), kept where admins and the sweeper see
 * it. Retryable failures are re-driven automatically (next_redrive_at) up to the queue's limit.
 */
@Entity('job_failures')
export class JobFailureEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 40 }) queue!: string;
  @Column({ name: 'job_name', type: 'varchar', length: 80 }) jobName!: string;
  @Column({ name: 'job_id', type: 'varchar', length: 200, nullable: true }) jobId!: string | null;
  @Column({ type: 'jsonb', nullable: true }) payload!: Record<string, unknown> | null;
  /** The last error with its stack. */
  @Column({ type: 'text' }) error!: string;
  /** The last error's message: the reason shown to admins. */
  @Column({ type: 'varchar', length: 2000 }) message!: string;
  @Column({ type: 'boolean', default: false }) retryable!: boolean;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'redrive_count', type: 'integer', default: 0 }) redriveCount!: number;
  @Column({ name: 'last_redriven_at', type: 'timestamptz', nullable: true }) lastRedrivenAt!: Date | null;
  @Column({ name: 'next_redrive_at', type: 'timestamptz', nullable: true }) nextRedriveAt!: Date | null;
  @Column({ name: 'failed_at', type: 'timestamptz', default: () => 'now()' }) failedAt!: Date;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) resolution!: JobFailureResolution | null;
}
