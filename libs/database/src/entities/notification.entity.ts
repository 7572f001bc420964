import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type PushStatus = 'pending' | 'sent' | 'skipped' | 'failed';

/** An in-app inbox entry; push delivery for it runs on the notifications queue. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 32 }) type!: string;
  @Column({ name: 'target_id', type: 'uuid', nullable: true }) targetId!: string | null;
  @Column({ name: 'target_type', type: 'varchar', length: 16, nullable: true }) targetType!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) title!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) body!: string | null;
  @Column({ type: 'jsonb', nullable: true }) data!: Record<string, unknown> | null;
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true }) dedupeKey!: string | null;
  @Column({ name: 'is_read', type: 'boolean', default: false }) isRead!: boolean;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
  @Column({ name: 'push_status', type: 'varchar', length: 10, default: 'pending' }) pushStatus!: PushStatus;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
