import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CourseCheckpoint,
  type CourseDifficulty,
  type CourseType,
  countedRunSql,
  courseVisibleSql,
  type CourseViewer,
  effortPaceSql,
  listedCourseSql,
} from '@runvs/database';
import type { LngLat } from '@runvs/geo';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourseLineFacts } from './course-geometry';
import type { CourseListQuery, CourseMarker, Viewport } from './courses.types';

/** A session counts as someone running the course right now while it is active and heard from this recently. */
export const ACTIVE_SESSION_WINDOW = '1 hour';
/** A course is "new" on the map for this long. */
export const NEW_COURSE_WINDOW = '7 days';

/** Per-course figures every listing shows, read live from the social and session tables. */
const EXTRAS = (alias: string) => `
  (SELECT count(*) FROM course_likes l WHERE l.course_id = ${alias}.id)::int AS like_count,
  (SELECT round(avg(r.rating)::numeric, 1)::float8 FROM reviews r WHERE r.course_id = ${alias}.id) AS avg_rating,
  (SELECT count(*) FROM run_sessions s
    WHERE s.course_id = ${alias}.id AND s.status = 'active'
      AND coalesce(s.last_chunk_at, s.started_at) > now() - interval '${ACTIVE_SESSION_WINDOW}')::int AS active_runners`;

const POINT = (lng: string, lat: string) => `ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)::geography`;

/**
 * The listed courses nearest to the point ($1 lng, $2 lat), `limit` of them (a KNN walk of the GiST
 * index), with what a nearby answer shows and `columns` besides.
 */
const nearestListedSql = (columns: string, limit: string) => `
  SELECT c.id, c.title, c.thumbnail_url, c.route_preview, c.distance_meters, c.estimated_duration_seconds,
         c.elevation_gain_meters, c.difficulty, coalesce(cs.total_runs, 0) AS total_runs,
         cs.avg_pace_seconds_per_km, u.nickname AS creator_nickname, ${columns}, ${EXTRAS('c')}
    FROM (SELECT k.id, k.title, k.thumbnail_url, k.route_preview, k.distance_meters,
                 k.estimated_duration_seconds, k.elevation_gain_meters, k.difficulty, k.creator_id, k.start_point
            FROM courses k
           WHERE ${listedCourseSql('k')}
           ORDER BY k.start_point <-> ${POINT('$1', '$2')}
           LIMIT ${limit}) c
    LEFT JOIN course_stats cs ON cs.course_id = c.id
    LEFT JOIN users u ON u.id = c.creator_id`;

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

export interface CourseListRow {
  id: string;
  title: string;
  thumbnail_url: string | null;
  route_preview: LngLat[] | null;
  distance_meters: number;
  estimated_duration_seconds: number | null;
  elevation_gain_meters: number;
  difficulty: CourseDifficulty;
  tags: string[];
  created_at: Date;
  creator_id: string;
  creator_nickname: string | null;
  creator_avatar_url: string | null;
  total_runs: number;
  unique_runners: number;
  avg_pace_seconds_per_km: number | null;
  distance_from_user_meters: number | null;
}

export interface CourseExtrasRow {
  id: string;
  like_count: number;
  avg_rating: number | null;
  active_runners: number;
}

export type NearbyCandidateRow = Omit<NearbyRow, 'distance_from_user_meters'> & {
  start_lat: number;
  start_lng: number;
};

export interface NearbyRow {
  id: string;
  title: string;
  thumbnail_url: string | null;
  route_preview: LngLat[] | null;
  distance_meters: number;
  estimated_duration_seconds: number | null;
  elevation_gain_meters: number;
  difficulty: CourseDifficulty;
  total_runs: number;
  avg_pace_seconds_per_km: number | null;
  creator_nickname: string | null;
  distance_from_user_meters: number;
  like_count: number;
  avg_rating: number | null;
  active_runners: number;
}

/** A map marker and the index of the viewport envelope it was found in. */
export interface MarkerRow extends CourseMarker {
  cell: number;
}

/** A rectangle in plain longitude/latitude (west ≤ east). */
export type Envelope = [west: number, south: number, east: number, north: number];

/**
 * Courses' SQL. Spatial filters are explicit PostGIS: `ST_DWithin` + KNN `<->` on the geography
 * GiST index of listed courses for "near me", and `&&` against lon/lat envelopes on the geometry
 * GiST index of listed courses for map viewports (a map viewport is a lon/lat rectangle, which a
 * geography polygon is not: its edges would be great circles).
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
              ${EXTRAS('c')}
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

  // ---- lists ---------------------------------------------------------------------------------

  /** One page of listed (public, not hidden) courses plus the total matching the filters. */
  async list(query: CourseListQuery): Promise<{ rows: CourseListRow[]; total: number }> {
    const params: unknown[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    const where = [listedCourseSql('c')];
    const order: string[] = [];
    const dir = query.order === 'asc' ? 'ASC' : 'DESC';

    let needle: string | null = null;
    let escaped = '';
    if (query.search) {
      needle = query.search.toLowerCase();
      escaped = needle.replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push(`lower(c.title) LIKE ${add(`%${escaped}%`)}`);
    }
    if (query.minDistance !== undefined) where.push(`c.distance_meters >= ${add(query.minDistance)}`);
    if (query.maxDistance !== undefined) where.push(`c.distance_meters <= ${add(query.maxDistance)}`);
    let distanceExpr = 'NULL::float8';
    if (query.near) {
      const point = POINT(add(query.near.lng), add(query.near.lat));
      where.push(`ST_DWithin(c.start_point, ${point}, ${add(query.near.radiusMeters)})`);
      distanceExpr = `ST_Distance(c.start_point, ${point})`;
    }

    const filter = where.join(' AND ');
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM courses c WHERE ${filter}`,
      [...params],
    )) as Array<{ total: number }>;
    if (total === 0) return { rows: [], total };

    if (needle !== null) {
      // Relevance first: the exact title, then titles starting with the words, then the rest.
      order.push(
        `CASE WHEN lower(c.title) = ${add(needle)} THEN 0 WHEN lower(c.title) LIKE ${add(`${escaped}%`)} THEN 1 ELSE 2 END`,
      );
    }
    let ratingJoin = '';
    switch (query.sort) {
      case 'popular':
        order.push(`coalesce(cs.total_runs, 0) ${dir}`, 'c.created_at DESC');
        break;
      case 'rating':
        ratingJoin = `LEFT JOIN (SELECT course_id, avg(rating) AS avg_rating, count(rating) AS ratings
                                   FROM reviews GROUP BY course_id) rv ON rv.course_id = c.id`;
        order.push(`rv.avg_rating ${dir} NULLS LAST`, 'rv.ratings DESC NULLS LAST', 'c.created_at DESC');
        break;
      case 'distance':
        order.push(`c.distance_meters ${dir}`, 'c.created_at DESC');
        break;
      case 'distance_from_user':
        order.push(`distance_from_user_meters ${dir}`);
        break;
      default:
        order.push(`c.created_at ${dir}`);
    }
    order.push('c.id');

    const rows = (await this.dataSource.query(
      `SELECT c.id, c.title, c.thumbnail_url, c.route_preview, c.distance_meters, c.estimated_duration_seconds,
              c.elevation_gain_meters, c.difficulty, c.tags, c.created_at, c.creator_id,
              u.nickname AS creator_nickname, u.avatar_url AS creator_avatar_url,
              coalesce(cs.total_runs, 0) AS total_runs, coalesce(cs.unique_runners, 0) AS unique_runners,
              cs.avg_pace_seconds_per_km, ${distanceExpr} AS distance_from_user_meters
         FROM courses c
         LEFT JOIN course_stats cs ON cs.course_id = c.id
         LEFT JOIN users u ON u.id = c.creator_id
         ${ratingJoin}
        WHERE ${filter}
        ORDER BY ${order.join(', ')}
        LIMIT ${add(query.perPage)} OFFSET ${add(query.page * query.perPage)}`,
      params,
    )) as CourseListRow[];
    return { rows, total };
  }

  /** Likes, rating, runners now and the caller's best time, for the given courses. */
  async extras(courseIds: string[]): Promise<Map<string, CourseExtrasRow>> {
    if (courseIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT c.id, ${EXTRAS('c')} FROM unnest($1::uuid[]) AS c(id)`,
      [courseIds],
    )) as CourseExtrasRow[];
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The user's fastest completed, counted run on each course they completed: course id → seconds. */
  async bestDurations(userId: string): Promise<Record<string, number>> {
    const rows = (await this.dataSource.query(
      `SELECT course_id, min(moving_time_seconds)::int AS best FROM run_records
        WHERE user_id = $1 AND course_id IS NOT NULL AND course_completed AND ${countedRunSql()}
        GROUP BY course_id`,
      [userId],
    )) as Array<{ course_id: string; best: number }>;
    return Object.fromEntries(rows.map((row) => [row.course_id, row.best]));
  }

  /**
   * The `count` listed courses nearest to a point (KNN walk of the GiST index), whatever their
   * distance, with their start points: the candidates a cached nearby answer is computed from.
   */
  async nearestListed(lat: number, lng: number, count: number): Promise<NearbyCandidateRow[]> {
    return (await this.dataSource.query(
      nearestListedSql(
        'ST_Y(c.start_point::geometry) AS start_lat, ST_X(c.start_point::geometry) AS start_lng',
        '$3',
      ),
      [lng, lat, count],
    )) as NearbyCandidateRow[];
  }

  /**
   * Listed courses starting within `radiusMeters`, nearest first. The inner query is a pure KNN
   * walk of the GiST index (`ORDER BY start_point <-> point LIMIT n`), which stops after n
   * courses however many lie in the radius; the radius then filters those n. That is exact: if
   * the k-th nearest course is outside the radius, so is every farther one.
   */
  async nearby(lat: number, lng: number, radiusMeters: number, limit: number): Promise<NearbyRow[]> {
    return (await this.dataSource.query(
      `${nearestListedSql(`ST_Distance(c.start_point, ${POINT('$1', '$2')}) AS distance_from_user_meters`, '$4')}
        WHERE ST_DWithin(c.start_point, ${POINT('$1', '$2')}, $3)
        ORDER BY distance_from_user_meters, c.id`,
      [lng, lat, radiusMeters, limit],
    )) as NearbyRow[];
  }

  /**
   * Listed courses starting inside any of the envelopes, at most `perEnvelope` from each (the
   * caller spreads envelopes over the viewport so markers cover it evenly).
   */
  async markers(envelopes: Envelope[], perEnvelope: number): Promise<MarkerRow[]> {
    return (await this.dataSource.query(
      `SELECT e.cell::int - 1 AS cell, m.id, m.title, m.start_lat, m.start_lng, m.distance_meters, coalesce(cs.total_runs, 0) AS total_runs,
              m.difficulty, m.elevation_gain_meters, m.created_at > now() - interval '${NEW_COURSE_WINDOW}' AS is_new,
              u.nickname AS creator_nickname,
              (SELECT round(avg(r.rating)::numeric, 1)::float8 FROM reviews r WHERE r.course_id = m.id) AS avg_rating,
              (SELECT count(*) FROM run_sessions s
                WHERE s.course_id = m.id AND s.status = 'active'
                  AND coalesce(s.last_chunk_at, s.started_at) > now() - interval '${ACTIVE_SESSION_WINDOW}')::int
                AS active_runners
         FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[])
              WITH ORDINALITY AS e(west, south, east, north, cell)
        CROSS JOIN LATERAL (
              SELECT k.id, k.title, ST_Y(k.start_point::geometry) AS start_lat, ST_X(k.start_point::geometry) AS start_lng,
                     k.distance_meters, k.difficulty, k.elevation_gain_meters, k.created_at, k.creator_id
                FROM courses k
               WHERE ${listedCourseSql('k')}
                 AND k.start_point::geometry && ST_MakeEnvelope(e.west, e.south, e.east, e.north, 4326)
               LIMIT $5) m
         LEFT JOIN course_stats cs ON cs.course_id = m.id
         LEFT JOIN users u ON u.id = m.creator_id
        ORDER BY e.cell`,
      [
        envelopes.map((e) => e[0]),
        envelopes.map((e) => e[1]),
        envelopes.map((e) => e[2]),
        envelopes.map((e) => e[3]),
        perEnvelope,
      ],
    )) as MarkerRow[];
  }
}

export type { Viewport };
