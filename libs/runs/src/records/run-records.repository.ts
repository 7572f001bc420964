import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LngLat } from '@runvs/geo';
import type { NewRunFromTrack } from './run-records.types';
import type { RunValues } from './run-values';

const lineGeoJson = (route: LngLat[] | null): string | null =>
  route && route.length >= 2 ? JSON.stringify({ type: 'LineString', coordinates: route }) : null;

/** SQL of run_records writes (geometry via PostGIS). */
@Injectable()
export class RunRecordsRepository {
  async insert(
    manager: EntityManager,
    input: NewRunFromTrack,
    values: RunValues,
    times: { startedAt: Date; finishedAt: Date },
    routePreview: LngLat[] | null,
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO run_records (
         user_id, session_id, course_id, external_import_id, source, activity_type,
         distance_meters, duration_seconds, total_elapsed_seconds, avg_pace_seconds_per_km, best_pace_seconds_per_km,
         avg_speed_ms, max_speed_ms, calories, elevation_gain_meters, elevation_loss_meters,
         route_geometry, route_preview, elevation_profile, splits, pause_intervals, best_efforts,
         filter_config, goal_data, checkpoint_passes, client_summary, point_count, device_model,
         is_flagged, flag_reason, flag_reasons, duplicate_of_run_id, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
               ST_GeomFromGeoJSON($17)::geography, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28,
               $29, $30, $31, $32, $33, $34)
       RETURNING id`,
      [
        input.userId,
        input.sessionId ?? null,
        input.courseId ?? null,
        input.externalImportId ?? null,
        input.source,
        input.activityType ?? 'running',
        values.distanceMeters,
        values.durationSeconds,
        values.totalElapsedSeconds,
        values.avgPaceSecondsPerKm,
        values.bestPaceSecondsPerKm,
        values.avgSpeedMs,
        values.maxSpeedMs,
        values.calories,
        values.elevationGainMeters,
        values.elevationLossMeters,
        lineGeoJson(values.route),
        routePreview ? JSON.stringify(routePreview) : null,
        JSON.stringify(values.elevationProfile),
        JSON.stringify(values.splits),
        JSON.stringify(input.pauseIntervals ?? []),
        JSON.stringify(values.bestEfforts),
        input.filterConfig ? JSON.stringify(input.filterConfig) : null,
        input.goalData ? JSON.stringify(input.goalData) : null,
        input.checkpointPasses ? JSON.stringify(input.checkpointPasses) : null,
        input.clientSummary ? JSON.stringify(storedClientSummary(input, values)) : null,
        values.pointCount,
        input.deviceModel ?? null,
        values.isFlagged,
        values.flagReason,
        values.flagReasons.length > 0 ? JSON.stringify(values.flagReasons) : null,
        input.duplicateOfRunId ?? null,
        times.startedAt,
        times.finishedAt,
      ],
    )) as Array<{ id: string }>;
    return row.id;
  }
}

function storedClientSummary(input: NewRunFromTrack, values: RunValues): Record<string, unknown> {
  const client = input.clientSummary!;
  const reported = client.reported ?? {
    distance_meters: client.distanceMeters,
    duration_seconds: client.durationSeconds,
  };
  const c = values.comparison;
  return {
    ...reported,
    comparison: c
      ? {
          distance_diff_meters: c.distanceDiffMeters,
          distance_diff_ratio: c.distanceDiffRatio,
          duration_diff_seconds: c.durationDiffSeconds,
          duration_diff_ratio: c.durationDiffRatio,
          mismatches: c.codes,
        }
      : null,
  };
}
