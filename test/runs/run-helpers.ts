import type { INestApplication } from '@nestjs/common';
import { geodesicMeters } from '@runvs/geo';
import type { RunCompletionView } from '@runvs/runs';
import request from 'supertest';

export interface TrackPoint {
  lat: number;
  lng: number;
  alt: number;
  speed: number;
  bearing: number;
  accuracy: number;
  timestamp: number;
}

/**
 * Points along a polyline at a steady speed, one per `intervalS` seconds from `startMs`
 * (the line is followed exactly; `jitterM` adds a deterministic sideways wobble).
 */
export function trackAlong(
  line: Array<[number, number]>,
  { speedMs = 3, intervalS = 1, startMs = Date.now() - 3_600_000, jitterM = 0 } = {},
): TrackPoint[] {
  const cumulative = [0];
  for (let i = 1; i < line.length; i++) {
    cumulative.push(
      cumulative[i - 1] + geodesicMeters(line[i - 1][1], line[i - 1][0], line[i][1], line[i][0]),
    );
  }
  const total = cumulative[cumulative.length - 1];
  const points: TrackPoint[] = [];
  let segment = 0;
  for (let t = 0; ; t += intervalS) {
    const d = Math.min(total, t * speedMs);
    while (segment < line.length - 2 && cumulative[segment + 1] < d) segment++;
    const span = cumulative[segment + 1] - cumulative[segment] || 1;
    const f = (d - cumulative[segment]) / span;
    const [lng0, lat0] = line[segment];
    const [lng1, lat1] = line[segment + 1];
    const wobble = jitterM > 0 ? (Math.sin(t * 1.7) * jitterM) / 111_320 : 0;
    points.push({
      lat: lat0 + (lat1 - lat0) * f,
      lng: lng0 + (lng1 - lng0) * f + wobble,
      alt: 0,
      speed: speedMs,
      bearing: 0,
      accuracy: 10,
      timestamp: startMs + t * 1000,
    });
    if (d >= total) break;
  }
  return points;
}

/** The app's chunk payloads for a track (`perChunk` points each, last one `final`). */
export function chunksOf(sessionId: string, points: TrackPoint[], perChunk = 300) {
  const chunks = [];
  for (let i = 0, sequence = 0; i < points.length; i += perChunk, sequence++) {
    const slice = points.slice(i, i + perChunk);
    chunks.push({
      session_id: sessionId,
      sequence,
      chunk_type: i + perChunk >= points.length ? 'final' : 'intermediate',
      raw_gps_points: slice,
      chunk_summary: {
        distance_meters: 0,
        duration_seconds: Math.round((slice[slice.length - 1].timestamp - slice[0].timestamp) / 1000),
        point_count: slice.length,
        start_timestamp: slice[0].timestamp,
        end_timestamp: slice[slice.length - 1].timestamp,
      },
      cumulative: {
        total_distance_meters: 0,
        total_duration_seconds: 0,
        avg_pace_seconds_per_km: 0,
      } as Record<string, number>,
      completed_splits: [] as unknown[],
      pause_intervals: [] as unknown[],
    });
  }
  return chunks;
}

/** Distance along a track (m). */
export function trackLength(points: Array<{ lat: number; lng: number }>): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    total += geodesicMeters(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
  }
  return total;
}

/** The app's run: create a session, upload every chunk, complete with a matching summary. */
export async function runThroughApi(
  app: INestApplication,
  authorization: string,
  points: TrackPoint[],
  {
    courseId = null as string | null,
    summary = {} as Record<string, unknown>,
    perChunk = undefined as number | undefined,
    /** more fields of the session's start (e.g. the `ghost` raced) */
    session: sessionFields = {} as Record<string, unknown>,
  } = {},
) {
  const http = request(app.getHttpServer());
  const session = await http
    .post('/api/v1/runs/sessions')
    .set('Authorization', authorization)
    .send({ course_id: courseId, started_at: new Date(points[0].timestamp).toISOString(), ...sessionFields })
    .expect(201);
  const sessionId = session.body.session_id as string;
  const chunks = chunksOf(sessionId, points, perChunk);
  for (const chunk of chunks) {
    await http
      .post(`/api/v1/runs/sessions/${sessionId}/chunks`)
      .set('Authorization', authorization)
      .send(chunk)
      .expect(201);
  }
  const durationSeconds = Math.round((points[points.length - 1].timestamp - points[0].timestamp) / 1000);
  const complete = await http
    .post(`/api/v1/runs/sessions/${sessionId}/complete`)
    .set('Authorization', authorization)
    .send({
      distance_meters: Math.round(trackLength(points)),
      duration_seconds: durationSeconds,
      finished_at: new Date(points[points.length - 1].timestamp).toISOString(),
      total_chunks: chunks.length,
      uploaded_chunk_sequences: chunks.map((c) => c.sequence),
      ...summary,
    })
    .expect(201);
  return { sessionId, chunks, complete: complete.body as RunCompletionView };
}
