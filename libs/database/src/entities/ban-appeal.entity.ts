import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type BanAppealStatus = 'pending' | 'upheld' | 'lifted';

/** A banned runner's appeal against one ban (once per ban), and the admin's answer. */
@Entity('ban_appeals')
export class BanAppealEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  /** `users.banned_at` of the ban appealed against: one appeal per ban. */
  @Column({ name: 'ban_started_at', type: 'timestamptz' }) banStartedAt!: Date;
  @Column({ name: 'ban_reason', type: 'varchar', length: 500, nullable: true }) banReason!: string | null;
  @Column({ name: 'ban_until', type: 'timestamptz', nullable: true }) banUntil!: Date | null;
  @Column({ type: 'varchar', length: 1000 }) message!: string;
  @Column({ type: 'varchar', length: 10, default: 'pending' }) status!: BanAppealStatus;
  @Column({ type: 'varchar', length: 1000, nullable: true }) response!: string | null;
  @Column({ name: 'answered_by_id', type: 'uuid', nullable: true }) answeredById!: string | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
