import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('course_favorites')
export class CourseFavoriteEntity {
  @PrimaryColumn({ name: 'course_id', type: 'uuid' }) courseId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
