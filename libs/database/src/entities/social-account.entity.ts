import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SocialProvider = 'kakao' | 'apple' | 'google' | 'naver';

@Entity('social_accounts')
export class SocialAccountEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'varchar', length: 10 }) provider!: SocialProvider;
  @Column({ name: 'provider_id', type: 'varchar', length: 255 }) providerId!: string;
  @Column({ name: 'provider_email', type: 'varchar', length: 255, nullable: true }) providerEmail!:
    string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
