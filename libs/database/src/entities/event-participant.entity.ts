import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('event_participants')
export class EventParticipantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'progress_distance_meters', type: 'integer', default: 0 }) progressDistanceMeters!: number;
  @Column({ name: 'progress_runs', type: 'integer', default: 0 }) progressRuns!: number;
  @Column({ type: 'boolean', default: false }) completed!: boolean;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' }) joinedAt!: Date;
}
