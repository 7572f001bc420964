import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One leaderboard row per (course, user): the personal best and a cached rank. */
@Entity('rankings')
export class RankingEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'run_record_id', type: 'uuid', nullable: true }) runRecordId!: string | null;
  @Column({ name: 'best_duration_seconds', type: 'integer' }) bestDurationSeconds!: number;
  @Column({ name: 'best_pace_seconds_per_km', type: 'integer' }) bestPaceSecondsPerKm!: number;
  @Column({ name: 'run_count', type: 'integer', default: 1 }) runCount!: number;
  @Column({ name: 'previous_rank', type: 'integer', nullable: true }) previousRank!: number | null;
  @Column({ name: 'previous_best_duration_seconds', type: 'integer', nullable: true })
  previousBestDurationSeconds!: number | null;
  @Column({ name: 'achieved_at', type: 'timestamptz' }) achievedAt!: Date;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
