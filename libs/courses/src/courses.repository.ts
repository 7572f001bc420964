import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CourseCheckpoint,
  type CourseDifficulty,
  type CourseType,
  courseVisibleSql,
  type CourseViewer,
  effortPaceSql,
} from '@runvs/database';
import type { LngLat } from '@runvs/geo';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourseLineFacts } from './course-geometry';
import { courseExtrasSql } from './course-extras.sql';

export interface SourceRun {
  id: string;
  user_id: string;
  course_id: string | null;
  activity_type: string;
  /** the run as a course effort, timed from the track (a device's totals shown on an import never count) */
  effort_seconds: number;
  effort_pace_seconds_per_km: number;
  is_flagged: boolean;
  source: string;
  started_at: Date;
  finished_at: Date;
  /** the run's recorded route, [lng, lat]; null without GPS */
  track: number[][] | null;
}

export interface NewCourseRow {
  creatorId: string;
  runRecordId: string;
  title: string;
  description: string | null;
  /** GeoJSON LineString text, 2-D */
  routeGeoJson: string;
  distanceMeters: number;
  estimatedDurationSeconds: number;
  elevationGainMeters: number;
  elevationLossMeters: number;
  elevationProfile: number[];
  routePreview: LngLat[] | null;
  checkpoints: CourseCheckpoint[];
  tags: string[];
  courseType: CourseType | null;
  lapCount: number | null;
  difficulty: CourseDifficulty;
  difficultyScore: number;
  isPublic: boolean;
  photoUrls: string[];
}

export interface CourseOwnerRow {
  id: string;
  creator_id: string;
  is_public: boolean;
  is_hidden: boolean;
  thumbnail_url: string | null;
}

export interface CourseDetailRow extends CourseOwnerRow {
  title: string;
  description: string | null;
  route: { type: 'LineString'; coordinates: number[][] };
  distance_meters: number;
  estimated_duration_seconds: number | null;
  elevation_gain_meters: number;
  elevation_loss_meters: number;
  elevation_profile: number[] | null;
  route_preview: LngLat[] | null;
  checkpoints: CourseCheckpoint[] | null;
  tags: string[];
  photo_urls: string[];
  course_type: CourseType | null;
  lap_count: number | null;
  difficulty: CourseDifficulty;
  created_at: Date;
  updated_at: Date;
  creator_nickname: string | null;
  creator_avatar_url: string | null;
  like_count: number;
  avg_rating: number | null;
  review_count: number;
  active_runners: number;
}

export interface CourseStatsRow {
  total_runs: number;
  unique_runners: number;
  avg_duration_seconds: number | null;
  avg_pace_seconds_per_km: number | null;
  best_duration_seconds: number | null;
  best_pace_seconds_per_km: number | null;
  completion_rate: number;
  runs_by_hour: Record<string, number>;
  updated_at: Date;
}

/**
 * The SQL of a course itself: creating it from a run (with the creator's effort), reading and
 * editing it, its stats row and deleting it. Finding courses (lists, nearby, map viewports) is in
 * discovery/course-discovery.repository.ts.
 */
@Injectable()
export class CoursesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ---- creation ------------------------------------------------------------------------------

  /** Serialises course creation per user, so the rolling 24 h limit holds under concurrent requests. */
  async lockCreator(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('course-create:' || $1, 0))`, [
      userId,
    ]);
  }

  async countCreatedSince(manager: EntityManager, userId: string, hours: number): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM courses
        WHERE creator_id = $1 AND created_at > now() - make_interval(hours => $2)`,
      [userId, hours],
    )) as Array<{ n: number }>;
    return row.n;
  }

  async lockRun(manager: EntityManager, runRecordId: string): Promise<SourceRun | null> {
    const rows = (await manager.query(
      `SELECT id, user_id, course_id, activity_type, moving_time_seconds AS effort_seconds,
              ${effortPaceSql()} AS effort_pace_seconds_per_km, is_flagged, source, started_at, finished_at,
              ST_AsGeoJSON(route_geometry)::json->'coordinates' AS track
         FROM run_records WHERE id = $1 FOR UPDATE`,
      [runRecordId],
    )) as SourceRun[];
    return rows[0] ?? null;
  }

  async insertCourse(manager: EntityManager, row: NewCourseRow): Promise<{ id: string; created_at: Date }> {
    const [created] = (await manager.query(
      `WITH line AS (SELECT ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON($4)), 4326) AS g)
       INSERT INTO courses (creator_id, run_record_id, title, description, route_geometry, start_point, end_point,
                            distance_meters, estimated_duration_seconds, elevation_gain_meters, elevation_loss_meters,
                            elevation_profile, route_preview, checkpoints, tags, course_type, lap_count,
                            difficulty, difficulty_score, is_public, photo_urls)
       SELECT $1, $2, $3, $5, line.g::geography, ST_StartPoint(line.g)::geography, ST_EndPoint(line.g)::geography,
              $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19
         FROM line
       RETURNING id, created_at`,
      [
        row.creatorId,
        row.runRecordId,
        row.title,
        row.routeGeoJson,
        row.description,
        row.distanceMeters,
        row.estimatedDurationSeconds,
        row.elevationGainMeters,
        row.elevationLossMeters,
        JSON.stringify(row.elevationProfile),
        row.routePreview === null ? null : JSON.stringify(row.routePreview),
        JSON.stringify(row.checkpoints),
        row.tags,
        row.courseType,
        row.lapCount,
        row.difficulty,
        row.difficultyScore,
        row.isPublic,
        row.photoUrls,
      ],
    )) as Array<{ id: string; created_at: Date }>;
    return created;
  }

  /**
   * The creator's run is the course's first completed effort: it is linked to the course as a
   * full match (its stages marked done so the run pipeline does not count it twice) and, when
   * eligible, gets the creator's leaderboard row (the course stats are seeded by CourseStatsService).
   */
  async recordCreatorEffort(
    manager: EntityManager,
    courseId: string,
    run: SourceRun,
    effort: {
      eligible: boolean;
      paceSecondsPerKm: number;
      routeMatchPercent: number;
      maxDeviationMeters: number;
    },
  ): Promise<void> {
    await manager.query(
      `UPDATE run_records
          SET course_id = $2, course_completed = true, route_match_percent = $4, max_deviation_meters = $5,
              is_ranking_eligible = $3,
              matched_at = coalesce(matched_at, now()), ranked_at = coalesce(ranked_at, now()),
              course_stats_at = coalesce(course_stats_at, now())
        WHERE id = $1`,
      [run.id, courseId, effort.eligible, effort.routeMatchPercent, effort.maxDeviationMeters],
    );
    if (!effort.eligible) return;
    await manager.query(
      `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km,
                             run_count, achieved_at)
       VALUES ($1, $2, $3, $4, $5, 1, $6)`,
      [courseId, run.user_id, run.id, run.effort_seconds, effort.paceSecondsPerKm, run.finished_at],
    );
  }

  // ---- one course ----------------------------------------------------------------------------

  async findOwner(
    manager: EntityManager | null,
    courseId: string,
    lock = false,
  ): Promise<CourseOwnerRow | null> {
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT id, creator_id, is_public, is_hidden, thumbnail_url FROM courses WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [courseId],
    )) as CourseOwnerRow[];
    return rows[0] ?? null;
  }

  /** The course's owner row when the viewer (null: anonymous) may see it; null otherwise. */
  async findVisible(
    manager: EntityManager | null,
    courseId: string,
    viewerId: string | null,
    lock = false,
  ): Promise<CourseOwnerRow | null> {
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT c.id, c.creator_id, c.is_public, c.is_hidden, c.thumbnail_url FROM courses c
        WHERE c.id = $1 AND ${courseVisibleSql('c', '$2')}${lock ? ' FOR UPDATE OF c' : ''}`,
      [courseId, viewerId],
    )) as CourseOwnerRow[];
    return rows[0] ?? null;
  }

  /** The caller as the visibility rule needs them (null: anonymous or no such user). */
  async viewer(viewerId: string | null): Promise<CourseViewer | null> {
    if (!viewerId) return null;
    const [row] = (await this.dataSource.query(`SELECT id, role FROM users WHERE id = $1`, [
      viewerId,
    ])) as Array<{
      id: string;
      role: string;
    }>;
    return row ? { id: row.id, isAdmin: row.role === 'admin' } : null;
  }

  async findDetail(courseId: string): Promise<CourseDetailRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.creator_id, c.is_public, c.is_hidden, c.thumbnail_url, c.title, c.description,
              ST_AsGeoJSON(c.route_geometry)::json AS route,
              c.distance_meters, c.estimated_duration_seconds, c.elevation_gain_meters, c.elevation_loss_meters,
              c.elevation_profile, c.route_preview, c.checkpoints, c.tags, c.photo_urls, c.course_type, c.lap_count,
              c.difficulty, c.created_at, c.updated_at, u.nickname AS creator_nickname, u.avatar_url AS creator_avatar_url,
              (SELECT count(*) FROM reviews r WHERE r.course_id = c.id)::int AS review_count,
              ${courseExtrasSql('c')}
         FROM courses c LEFT JOIN users u ON u.id = c.creator_id
        WHERE c.id = $1`,
      [courseId],
    )) as CourseDetailRow[];
    return rows[0] ?? null;
  }

  /** The course's current line as `[lng, lat]` pairs; null when it has none. */
  async routeCoordinates(manager: EntityManager, courseId: string): Promise<LngLat[] | null> {
    const [row] = (await manager.query(
      `SELECT ST_AsGeoJSON(route_geometry)::json->'coordinates' AS coordinates FROM courses WHERE id = $1`,
      [courseId],
    )) as Array<{ coordinates: LngLat[] | null }>;
    return row?.coordinates && row.coordinates.length >= 2 ? row.coordinates : null;
  }

  /**
   * Replaces a course's line (route correction): geometry, start and end, measured distance,
   * preview, checkpoints, elevation when the new line carries it; the thumbnail is drawn again
   * (its old record dropped) and the route revision goes up. Returns the new revision.
   */
  async correctRoute(
    manager: EntityManager,
    courseId: string,
    line: CourseLineFacts,
    oldThumbnailKey: string | null,
  ): Promise<number> {
    const [[row]] = (await manager.query(
      `WITH line AS (SELECT ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON($2)), 4326) AS g)
       UPDATE courses c
          SET route_geometry = line.g::geography, start_point = ST_StartPoint(line.g)::geography,
              end_point = ST_EndPoint(line.g)::geography, distance_meters = $3, route_preview = $4,
              checkpoints = $5,
              elevation_gain_meters = COALESCE($6, c.elevation_gain_meters),
              elevation_loss_meters = COALESCE($7, c.elevation_loss_meters),
              elevation_profile = COALESCE($8, c.elevation_profile),
              thumbnail_url = NULL, thumbnail_status = 'pending', thumbnail_error = NULL,
              route_revision = c.route_revision + 1, updated_at = now()
         FROM line
        WHERE c.id = $1
       RETURNING c.route_revision`,
      [
        courseId,
        line.routeGeoJson,
        line.distanceMeters,
        line.routePreview === null ? null : JSON.stringify(line.routePreview),
        JSON.stringify(line.checkpoints),
        line.elevation?.gain ?? null,
        line.elevation?.loss ?? null,
        line.elevation ? JSON.stringify(line.elevation.profile) : null,
      ],
    )) as [Array<{ route_revision: number }>, number];
    if (oldThumbnailKey) {
      await manager.query(`DELETE FROM stored_files WHERE kind = 'course_thumbnail' AND storage_key = $1`, [
        oldThumbnailKey,
      ]);
    }
    return row.route_revision;
  }

  /** Saves checkpoints generated for a course that has none (older rows); never overwrites. */
  async saveMissingCheckpoints(courseId: string, checkpoints: CourseCheckpoint[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE courses SET checkpoints = $2 WHERE id = $1 AND checkpoints = '[]'::jsonb`,
      [courseId, JSON.stringify(checkpoints)],
    );
  }

  async findStats(courseId: string): Promise<CourseStatsRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT total_runs, unique_runners, avg_duration_seconds, avg_pace_seconds_per_km, best_duration_seconds,
              best_pace_seconds_per_km, completion_rate::float8 AS completion_rate, runs_by_hour, updated_at
         FROM course_stats WHERE course_id = $1`,
      [courseId],
    )) as CourseStatsRow[];
    return rows[0] ?? null;
  }

  async update(
    manager: EntityManager,
    courseId: string,
    changes: Partial<{
      title: string;
      description: string;
      is_public: boolean;
      tags: string[];
      course_type: CourseType;
      lap_count: number;
      photo_urls: string[];
    }>,
  ): Promise<{ id: string; title: string }> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
    const [row] = (await manager.query(
      `UPDATE courses SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING id, title`,
      [courseId, ...entries.map(([, value]) => value)],
    )) as [Array<{ id: string; title: string }>, number];
    return row[0];
  }

  async runIdsOnCourse(manager: EntityManager, courseId: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT id FROM run_records WHERE course_id = $1`, [
      courseId,
    ])) as Array<{
      id: string;
    }>;
    return rows.map((row) => row.id);
  }

  /**
   * Deletes a course and everything hanging off it in the caller's transaction: runs and sessions
   * on it are detached (kept, no longer on any leaderboard), its leaderboard, stats, reviews,
   * likes, favorites and thumbnail record are removed. Returns the detached run ids.
   */
  /**
   * Removes a course and everything that only exists for it; its runs and sessions are detached
   * and kept. Returns the detached run ids. The creator's delete and the moderators' share it.
   */
  async deleteCourse(
    manager: EntityManager,
    courseId: string,
    thumbnailKey: string | null,
  ): Promise<string[]> {
    const [detached] = (await manager.query(
      `UPDATE run_records SET course_id = NULL, is_ranking_eligible = false WHERE course_id = $1 RETURNING id`,
      [courseId],
    )) as [Array<{ id: string }>, number];
    await manager.query(`UPDATE run_sessions SET course_id = NULL WHERE course_id = $1`, [courseId]);
    // course_stats goes with the course (ON DELETE CASCADE).
    for (const table of ['rankings', 'reviews', 'course_likes', 'course_favorites']) {
      await manager.query(`DELETE FROM ${table} WHERE course_id = $1`, [courseId]);
    }
    if (thumbnailKey) {
      await manager.query(`DELETE FROM stored_files WHERE kind = 'course_thumbnail' AND storage_key = $1`, [
        thumbnailKey,
      ]);
    }
    await manager.query(`DELETE FROM courses WHERE id = $1`, [courseId]);
    return detached.map((row) => row.id);
  }
}
