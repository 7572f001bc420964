import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { GeoJsonPoint } from '../column-types';

export type EventType = 'challenge' | 'crew' | 'event';
/** `cancelled`: by its organiser or an admin; `course_deleted`: its course was deleted while it ran. */
export type EventCancelReason = 'cancelled' | 'course_deleted';

@Entity('events')
export class EventEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'varchar', length: 100 }) title!: string;
  @Column({ type: 'varchar', length: 1000, nullable: true }) description!: string | null;
  @Column({ name: 'event_type', type: 'varchar', length: 10, default: 'challenge' }) eventType!: EventType;
  @Column({ name: 'course_id', type: 'uuid', nullable: true }) courseId!: string | null;
  @Column({ name: 'creator_id', type: 'uuid', nullable: true }) creatorId!: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ name: 'target_distance_meters', type: 'integer', nullable: true }) targetDistanceMeters!:
    number | null;
  @Column({ name: 'target_runs', type: 'integer', nullable: true }) targetRuns!: number | null;
  @Column({ name: 'max_participants', type: 'integer', nullable: true }) maxParticipants!: number | null;
  @Column({ name: 'recurring_schedule', type: 'varchar', length: 100, nullable: true })
  recurringSchedule!: string | null;
  @Column({ name: 'meeting_point', type: 'varchar', length: 200, nullable: true }) meetingPoint!:
    string | null;
  @Column({ type: 'geography', spatialFeatureType: 'Point', srid: 4326, nullable: true })
  center!: GeoJsonPoint | null;
  @Column({ name: 'image_url', type: 'text', nullable: true }) imageUrl!: string | null;
  @Column({ name: 'badge_color', type: 'varchar', length: 9, default: '#FF5252' }) badgeColor!: string;
  @Column({ name: 'badge_icon', type: 'varchar', length: 50, default: 'trophy' }) badgeIcon!: string;
  @Column({ name: 'is_active', type: 'boolean', default: true }) isActive!: boolean;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt!: Date | null;
  @Column({ name: 'cancel_reason', type: 'varchar', length: 20, nullable: true })
  cancelReason!: EventCancelReason | null;
  /** The course this event was bound to was deleted: detached, progress frozen. */
  @Column({ name: 'course_deleted_at', type: 'timestamptz', nullable: true }) courseDeletedAt!: Date | null;
  /** Which activity types count toward progress; null: the running kinds (`countsAsRun`). */
  @Column({ name: 'activity_types', type: 'text', array: true, nullable: true }) activityTypes!:
    string[] | null;
  @Column({ name: 'participant_count', type: 'integer', default: 0 }) participantCount!: number;
  @Column({ name: 'reminder_sent_at', type: 'timestamptz', nullable: true }) reminderSentAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
