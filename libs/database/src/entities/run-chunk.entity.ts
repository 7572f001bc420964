import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ChunkType = 'intermediate' | 'final' | 'emergency';

/** A chunk as the app sent it (snake_case JSON kept verbatim), identified by (session, sequence). */
@Entity('run_chunks')
export class RunChunkEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId!: string;
  @Column({ type: 'integer' }) sequence!: number;
  @Column({ name: 'chunk_type', type: 'varchar', length: 12 }) chunkType!: ChunkType;
  @Column({ name: 'raw_gps_points', type: 'jsonb' }) rawGpsPoints!: unknown[];
  @Column({ name: 'filtered_points', type: 'jsonb', nullable: true }) filteredPoints!: unknown[] | null;
  @Column({ name: 'chunk_summary', type: 'jsonb', nullable: true }) chunkSummary!: Record<
    string,
    unknown
  > | null;
  @Column({ type: 'jsonb', nullable: true }) cumulative!: Record<string, unknown> | null;
  @Column({ name: 'completed_splits', type: 'jsonb', default: () => "'[]'" }) completedSplits!: unknown[];
  @Column({ name: 'pause_intervals', type: 'jsonb', default: () => "'[]'" }) pauseIntervals!: unknown[];
  @Column({ name: 'point_count', type: 'integer', default: 0 }) pointCount!: number;
  /** SHA-256 of the canonical payload: an identical re-send is acknowledged, a different one is a conflict. */
  @Column({ name: 'payload_hash', type: 'char', length: 64 }) payloadHash!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
