import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('reviews')
export class ReviewEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'smallint', nullable: true }) rating!: number | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) content!: string | null;
  @Column({ name: 'creator_reply', type: 'varchar', length: 300, nullable: true }) creatorReply!:
    string | null;
  @Column({ name: 'creator_reply_at', type: 'timestamptz', nullable: true }) creatorReplyAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
