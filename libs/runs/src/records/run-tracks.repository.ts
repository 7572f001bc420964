import { Injectable } from '@nestjs/common';
import type { GeoPoint, PauseInterval } from '@runvs/geo';
import type { EntityManager } from 'typeorm';
import { decodeTrack, encodeTrack, type TrackSample } from './track-codec';

/** A run's recorded track as readers get it. */
export interface RunTrack {
  runRecordId: string;
  samples: TrackSample[];
  /** the runner's timer pauses (epoch ms) */
  pauses: PauseInterval[];
  hasTime: boolean;
  hasElevation: boolean;
  hasHeartRate: boolean;
}

/** SQL of run_tracks (written with the run, in its transaction). */
@Injectable()
export class RunTracksRepository {
  /**
   * Stores the track a run was measured from: the samples as recorded (timed ones in time order),
   * with heart rate where the source had it (files, Strava streams).
   */
  async insert(
    manager: EntityManager,
    runRecordId: string,
    points: ReadonlyArray<GeoPoint & { heartRate?: number | null }>,
    pauses: readonly PauseInterval[] = [],
  ): Promise<void> {
    const samples = toSamples(points);
    await manager.query(
      `INSERT INTO run_tracks (run_record_id, point_count, has_time, has_elevation, has_heart_rate, pauses, samples)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (run_record_id) DO NOTHING`,
      [
        runRecordId,
        samples.length,
        samples.some((s) => s.time !== null),
        samples.some((s) => s.ele !== null),
        samples.some((s) => s.hr !== null),
        JSON.stringify(pauses.map(({ start, end }) => ({ start, end }))),
        encodeTrack(samples),
      ],
    );
  }

  /** The tracks of these runs (runs without one — created before tracks were kept — are absent). */
  async tracksOf(manager: EntityManager, runRecordIds: readonly string[]): Promise<Map<string, RunTrack>> {
    const tracks = new Map<string, RunTrack>();
    if (runRecordIds.length === 0) return tracks;
    const rows = (await manager.query(
      `SELECT run_record_id, has_time, has_elevation, has_heart_rate, pauses, samples
         FROM run_tracks WHERE run_record_id = ANY($1::uuid[])`,
      [[...new Set(runRecordIds)]],
    )) as Array<{
      run_record_id: string;
      has_time: boolean;
      has_elevation: boolean;
      has_heart_rate: boolean;
      pauses: PauseInterval[];
      samples: Buffer;
    }>;
    for (const row of rows) {
      tracks.set(row.run_record_id, {
        runRecordId: row.run_record_id,
        samples: decodeTrack(row.samples),
        pauses: row.pauses,
        hasTime: row.has_time,
        hasElevation: row.has_elevation,
        hasHeartRate: row.has_heart_rate,
      });
    }
    return tracks;
  }
}

function toSamples(points: ReadonlyArray<GeoPoint & { heartRate?: number | null }>): TrackSample[] {
  const samples = points
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lng))
    .map((p) => ({
      lat: p.lat,
      lng: p.lng,
      ele: p.ele ?? null,
      time: p.time ?? null,
      hr: typeof p.heartRate === 'number' ? p.heartRate : null,
    }));
  // Timed samples in time order (chunks can arrive out of order); untimed ones keep their place.
  if (samples.every((s) => s.time !== null)) samples.sort((a, b) => a.time! - b.time!);
  return samples;
}
