import type { DeviceInfo } from '@runvs/database';
import type { ChunkUpload } from './chunk-payload';

export interface CreateSessionInput {
  courseId: string | null;
  startedAt: Date;
  deviceInfo: DeviceInfo | null;
  /** the ghost raced (`me`, `leader` or a user id), as sent; checked by the service */
  ghost?: string | null;
}

/** The complete request (contract §5 RunCompleteRequest), as validated by the api. */
export interface CompleteRunInput {
  distance_meters: number;
  duration_seconds: number;
  total_elapsed_seconds?: number | null;
  avg_pace_seconds_per_km?: number | null;
  best_pace_seconds_per_km?: number | null;
  avg_speed_ms?: number | null;
  max_speed_ms?: number | null;
  calories?: number | null;
  finished_at: Date;
  route_geometry?: { type: string; coordinates: number[][] } | null;
  elevation_gain_meters?: number;
  elevation_loss_meters?: number;
  elevation_profile?: number[];
  splits?: unknown[];
  pause_intervals?: Array<{ paused_at: string; resumed_at?: string | null }>;
  course_completion?: Record<string, unknown> | null;
  filter_config?: Record<string, unknown> | null;
  checkpoint_passes?: unknown[] | null;
  goal_data?: Record<string, unknown> | null;
  total_chunks?: number;
  uploaded_chunk_sequences?: number[];
  /** the ghost raced, replacing the one chosen at the start */
  ghost?: string | null;
}

export interface RecoverInput {
  finished_at: Date;
  total_chunks: number;
  uploaded_chunk_sequences?: number[];
}

export type { ChunkUpload };

export interface ChunkReceipt {
  chunk_id: string;
  sequence: number;
  received_at: string;
}

export interface BatchReceipt {
  received_sequences: number[];
  failed_sequences: number[];
}

export interface RecoverableSession {
  session_id: string;
  course_id: string | null;
  started_at: string;
  last_chunk_at: string | null;
  chunk_count: number;
  uploaded_chunk_sequences: number[];
  /** the last chunk's running totals, what a recover would build on */
  last_cumulative: { total_distance_meters: number; total_duration_seconds: number } | null;
}
