import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('course_stats')
export class CourseStatsEntity {
  @PrimaryColumn({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ name: 'total_runs', type: 'integer', default: 0 }) totalRuns!: number;
  @Column({ name: 'unique_runners', type: 'integer', default: 0 }) uniqueRunners!: number;
  @Column({ name: 'total_attempts', type: 'integer', default: 0 }) totalAttempts!: number;
  @Column({ name: 'avg_duration_seconds', type: 'integer', nullable: true }) avgDurationSeconds!:
    number | null;
  @Column({ name: 'avg_pace_seconds_per_km', type: 'integer', nullable: true }) avgPaceSecondsPerKm!:
    number | null;
  @Column({ name: 'best_duration_seconds', type: 'integer', nullable: true }) bestDurationSeconds!:
    number | null;
  @Column({ name: 'best_pace_seconds_per_km', type: 'integer', nullable: true }) bestPaceSecondsPerKm!:
    number | null;
  @Column({ name: 'completion_rate', type: 'real', default: 0 }) completionRate!: number;
  /** sum of the counted (completed, unflagged) runs' durations: the exact average, kept incrementally */
  @Column({ name: 'sum_duration_seconds', type: 'bigint', default: 0 }) sumDurationSeconds!: string;
  @Column({ name: 'runs_by_hour', type: 'jsonb', default: () => "'{}'" }) runsByHour!: Record<string, number>;
  @Column({ name: 'like_count', type: 'integer', default: 0 }) likeCount!: number;
  @Column({ name: 'favorite_count', type: 'integer', default: 0 }) favoriteCount!: number;
  @Column({ name: 'review_count', type: 'integer', default: 0 }) reviewCount!: number;
  @Column({ name: 'rating_count', type: 'integer', default: 0 }) ratingCount!: number;
  @Column({ name: 'avg_rating', type: 'real', nullable: true }) avgRating!: number | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
