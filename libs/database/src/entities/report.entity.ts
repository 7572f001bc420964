import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ReportTargetType = 'course' | 'review' | 'user' | 'run';
export type ReportStatus = 'open' | 'resolved' | 'dismissed';

@Entity('reports')
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'reporter_id', type: 'uuid' }) reporterId!: string;
  @Column({ name: 'target_type', type: 'varchar', length: 10 }) targetType!: ReportTargetType;
  @Column({ name: 'target_id', type: 'uuid' }) targetId!: string;
  @Column({ type: 'varchar', length: 50 }) reason!: string;
  @Column({ type: 'varchar', length: 1000, nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 10, default: 'open' }) status!: ReportStatus;
  @Column({ name: 'resolved_by_id', type: 'uuid', nullable: true }) resolvedById!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'resolution_note', type: 'varchar', length: 1000, nullable: true }) resolutionNote!:
    string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
