import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An achievement a runner earned (rules and writes: libs/achievements, explicit SQL). */
@Entity('user_achievements')
export class UserAchievementEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'varchar', length: 40 }) code!: string;
  @Column({ name: 'earned_at', type: 'timestamptz' }) earnedAt!: Date;
  @Column({ name: 'run_record_id', type: 'uuid', nullable: true }) runRecordId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
