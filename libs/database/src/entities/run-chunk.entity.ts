import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ChunkType = 'intermediate' | 'final' | 'emergency';

/** A chunk as the app sent it, identified by (session, sequence). */
@Entity('run_chunks')
export class RunChunkEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ type: 'integer' }) sequence!: number;
  @Column({ name: 'chunk_type', type: 'varchar', length: 12 }) chunkType!: ChunkType;
  /**
   * The content (points, filtered points, summary, cumulative, splits, pauses) in the canonical
   * form the api hashed — binary (first byte 0x00) or JSON (`{`), see the runs lib's
   * chunk-payload.ts —, lz4-compressed by PostgreSQL: stored and read back without parsing by it.
   */
  @Column({ type: 'bytea' }) payload!: Buffer;
  /** The last running totals, also inside the payload, kept as a column for the recovery list. */
  @Column({ type: 'jsonb', nullable: true }) cumulative!: Record<string, unknown> | null;
  @Column({ name: 'point_count', type: 'integer', default: 0 }) pointCount!: number;
  /** SHA-256 of the canonical payload: an identical re-send is acknowledged, a different one is a conflict. */
  @Column({ name: 'payload_hash', type: 'char', length: 64 }) payloadHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
