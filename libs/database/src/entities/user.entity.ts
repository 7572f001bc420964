import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from '../column-types';

export type UserRole = 'user' | 'admin';
export type Gender = 'male' | 'female' | 'other';

/** Constraints and indexes live in the migrations; entities map columns. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_code', type: 'varchar', length: 8 }) userCode!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) email!: string | null;
  @Column({ type: 'varchar', length: 12, nullable: true }) nickname!: string | null;
  @Column({ name: 'avatar_url', type: 'text', nullable: true }) avatarUrl!: string | null;
  @Column({ type: 'date', nullable: true }) birthday!: string | null;
  @Column({ type: 'varchar', length: 10, nullable: true }) gender!: Gender | null;
  @Column({ name: 'height_cm', type: 'real', nullable: true }) heightCm!: number | null;
  @Column({ name: 'weight_kg', type: 'real', nullable: true }) weightKg!: number | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) bio!: string | null;
  @Column({ name: 'instagram_username', type: 'varchar', length: 30, nullable: true })
  instagramUsername!: string | null;
  @Column({ name: 'activity_region', type: 'varchar', length: 100, nullable: true }) activityRegion!:
    string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) country!: string | null;
  @Column({ name: 'crew_name', type: 'varchar', length: 50, nullable: true }) crewName!: string | null;
  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Asia/Seoul' }) timeZone!: string;
  @Column({ name: 'weekly_goal_km', type: 'real', default: 20 }) weeklyGoalKm!: number;
  @Column({ type: 'varchar', length: 10, default: 'user' }) role!: UserRole;
  @Column({ name: 'is_banned', type: 'boolean', default: false }) isBanned!: boolean;
  @Column({ name: 'banned_reason', type: 'varchar', length: 500, nullable: true }) bannedReason!:
    string | null;
  @Column({ name: 'banned_at', type: 'timestamptz', nullable: true }) bannedAt!: Date | null;
  @Column({ name: 'banned_until', type: 'timestamptz', nullable: true }) bannedUntil!: Date | null;
  @Column({ name: 'banned_by_id', type: 'uuid', nullable: true }) bannedById!: string | null;
  @Column({ name: 'total_distance_meters', type: 'bigint', default: 0, transformer: bigintAsNumber })
  totalDistanceMeters!: number;
  @Column({ name: 'total_duration_seconds', type: 'bigint', default: 0, transformer: bigintAsNumber })
  totalDurationSeconds!: number;
  @Column({ name: 'total_runs', type: 'integer', default: 0 }) totalRuns!: number;
  @Column({ name: 'total_points', type: 'integer', default: 0 }) totalPoints!: number;
  @Column({ name: 'runner_level', type: 'integer', default: 1 }) runnerLevel!: number;
  /** the daily streak (runs lib's totals): last local date with a counted run, days ending there, best */
  @Column({ name: 'streak_last_date', type: 'date', nullable: true }) streakLastDate!: string | null;
  @Column({ name: 'streak_current_days', type: 'integer', default: 0 }) streakCurrentDays!: number;
  @Column({ name: 'streak_best_days', type: 'integer', default: 0 }) streakBestDays!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
