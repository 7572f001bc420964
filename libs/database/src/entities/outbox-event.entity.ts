import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job intent written in the same transaction as the data it is about. The relay publishes it
 * to BullMQ and stamps `published_at`; until then it survives any crash or Redis outage.
 */
@Entity('outbox_events')
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'varchar', length: 40 }) queue!: string;
  @Column({ name: 'job_name', type: 'varchar', length: 80 }) jobName!: string;
  @Column({ name: 'job_id', type: 'varchar', length: 200 }) jobId!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ name: 'delay_ms', type: 'integer', default: 0 }) delayMs!: number;
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' }) availableAt!: Date;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
