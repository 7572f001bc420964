import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../column-types';

export type StoredFileKind = 'avatar' | 'image' | 'activity_import' | 'course_thumbnail';

/** Every object written to storage, so account deletion can find and remove a user's files. */
@Entity('stored_files')
export class StoredFileEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'owner_id', type: 'uuid', nullable: true }) ownerId!: string | null;
  @Column({ type: 'varchar', length: 20 }) kind!: StoredFileKind;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'content_type', type: 'varchar', length: 100, nullable: true }) contentType!: string | null;
  @Column({ name: 'size_bytes', type: 'bigint', nullable: true, transformer: bigintAsNumber }) sizeBytes!:
    number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
