import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A job that used up its attempts (or failed permanently), kept where admins and sweepers see it. */
@Entity('job_failures')
export class JobFailureEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 40 }) queue!: string;
  @Column({ name: 'job_name', type: 'varchar', length: 80 }) jobName!: string;
  @Column({ name: 'job_id', type: 'varchar', length: 200, nullable: true }) jobId!: string | null;
  @Column({ type: 'jsonb', nullable: true }) payload!: Record<string, unknown> | null;
  @Column({ type: 'text' }) error!: string;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ name: 'failed_at', type: 'timestamptz', default: () => 'now()' }) failedAt!: Date;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
}
