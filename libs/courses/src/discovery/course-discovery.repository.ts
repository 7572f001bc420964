import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { countedRunSql, listedCourseSql } from '@runvs/database';
import { DataSource } from 'typeorm';
import { ACTIVE_SESSION_WINDOW, courseExtrasSql } from '../course-extras.sql';
import type { CourseCard, CourseListQuery, CourseMarker, NearbyCourse } from '../courses.types';

/** A course is "new" on the map for this long. */
export const NEW_COURSE_WINDOW = '7 days';

const POINT = (lng: string, lat: string) => `ST_SetSRID(ST_MakePoint(${lng}, ${lat}), 4326)::geography`;

/**
 * The listed courses nearest to the point ($1 lng, $2 lat), `limit` of them (a KNN walk of the GiST
 * index), with what a nearby answer shows and `columns` besides.
 */
const nearestListedSql = (columns: string, limit: string) => `
  SELECT c.id, c.title, c.thumbnail_url, c.route_preview, c.distance_meters, c.estimated_duration_seconds,
         c.elevation_gain_meters, c.difficulty, coalesce(cs.total_runs, 0) AS total_runs,
         cs.avg_pace_seconds_per_km, u.nickname AS creator_nickname, ${columns}, ${courseExtrasSql('c')}
    FROM (SELECT k.id, k.title, k.thumbnail_url, k.route_preview, k.distance_meters,
                 k.estimated_duration_seconds, k.elevation_gain_meters, k.difficulty, k.creator_id, k.start_point
            FROM courses k
           WHERE ${listedCourseSql('k')}
           ORDER BY k.start_point <-> ${POINT('$1', '$2')}
           LIMIT ${limit}) c
    LEFT JOIN course_stats cs ON cs.course_id = c.id
    LEFT JOIN users u ON u.id = c.creator_id`;

export interface CourseListRow extends CourseCard {
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

/** A nearby answer's row is the answer itself. */
export type NearbyRow = NearbyCourse;

/** A map marker and the index of the viewport envelope it was found in. */
export interface MarkerRow extends CourseMarker {
  cell: number;
}

/** A rectangle in plain longitude/latitude (west ≤ east). */
export type Envelope = [west: number, south: number, east: number, north: number];

/**
 * The SQL of finding courses: list pages, "near me" and map viewports. Spatial filters are explicit
 * PostGIS: `ST_DWithin` + KNN `<->` on the geography GiST index of listed courses for "near me",
 * and `&&` against lon/lat envelopes on the geometry GiST index of listed courses for map viewports
 * (a map viewport is a lon/lat rectangle, which a geography polygon is not: its edges would be
 * great circles).
 */
@Injectable()
export class CourseDiscoveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
      `SELECT c.id, ${courseExtrasSql('c')} FROM unnest($1::uuid[]) AS c(id)`,
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
