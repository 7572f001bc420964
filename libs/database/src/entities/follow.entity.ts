import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('follows')
export class FollowEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'follower_id', type: 'uuid' }) followerId!: string;
  @Column({ name: 'following_id', type: 'uuid' }) followingId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
