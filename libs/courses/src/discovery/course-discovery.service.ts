import { Injectable } from '@nestjs/common';
import { CacheScopes, CacheService } from '@runvs/cache';
import { type Page, toPage } from '@runvs/common';
import { validationProblem } from '../courses.service';
import type { CourseListItem, CourseListQuery, CourseMarker, NearbyCourse, Viewport } from '../courses.types';
import { nearbyCandidateCount, nearbyCell, nearestFromCandidates } from '../nearby.rules';
import { viewportEnvelopes, VIEWPORT_GRID } from '../viewport.rules';
import { CourseDiscoveryRepository, type MarkerRow } from './course-discovery.repository';

/** Rounds of asking crowded viewport cells for the marker budget sparse cells left unused. */
const MARKER_TOP_UP_PASSES = 2;

/**
 * List pages and nearby candidates are invalidated only when courses are created, changed or
 * removed, so counters inside them (runs, runners) may lag by this TTL.
 */
const COURSE_LIST_CACHE_SECONDS = 30;
/** Invalidated by every change to the viewer's runs; the TTL only bounds memory. */
const VIEWER_BESTS_CACHE_SECONDS = 300;

/** Finding courses: list pages with filters and search, "near me", and map markers for a viewport. */
@Injectable()
export class CourseDiscoveryService {
  constructor(
    private readonly repository: CourseDiscoveryRepository,
    private readonly cache: CacheService,
  ) {}

  async list(query: CourseListQuery, viewerId: string | null): Promise<Page<CourseListItem>> {
    if (
      query.minDistance !== undefined &&
      query.maxDistance !== undefined &&
      query.minDistance > query.maxDistance
    ) {
      throw validationProblem([
        { field: 'min_distance', messages: ['min_distance must not exceed max_distance'] },
      ]);
    }
    if (query.sort === 'distance_from_user' && !query.near) {
      throw validationProblem([
        { field: 'near_lat', messages: ['sorting by distance from the user needs near_lat and near_lng'] },
      ]);
    }
    // One cached page carries the course-level figures; the viewer's bests come from their own
    // cached map (bumped with their runs), so a list page costs no database round trip when warm.
    const [{ rows, total }, bests] = await Promise.all([
      this.cache.getOrLoadScoped(
        [CacheScopes.courseList],
        this.cache.key('courses', JSON.stringify(query)),
        COURSE_LIST_CACHE_SECONDS,
        () => this.loadListPage(query),
      ),
      viewerId ? this.bestDurationsOf(viewerId) : Promise.resolve(null),
    ]);
    const data = rows.map(
      ({
        creator_id,
        creator_nickname,
        creator_avatar_url,
        total_runs,
        unique_runners,
        avg_pace_seconds_per_km,
        ...row
      }) =>
        ({
          id: row.id,
          title: row.title,
          thumbnail_url: row.thumbnail_url,
          route_preview: row.route_preview,
          distance_meters: row.distance_meters,
          estimated_duration_seconds: row.estimated_duration_seconds,
          elevation_gain_meters: row.elevation_gain_meters,
          difficulty: row.difficulty,
          tags: row.tags,
          creator: { id: creator_id, nickname: creator_nickname, avatar_url: creator_avatar_url },
          stats: { total_runs, unique_runners, avg_pace_seconds_per_km },
          created_at: row.created_at,
          distance_from_user_meters: roundMeters(row.distance_from_user_meters),
          like_count: row.like_count,
          avg_rating: row.avg_rating,
          my_best_duration_seconds: bests?.[row.id] ?? null,
          active_runners: row.active_runners,
        }) satisfies CourseListItem,
    );
    return toPage(data, total, { page: query.page, perPage: query.perPage });
  }

  /**
   * Listed courses starting within `radiusMeters` of the point, nearest first. Answered from the
   * candidates cached for the point's grid cell (≈ 100 m) when they prove the answer complete
   * (nearby.rules.ts), else straight from the index. Counters in the answer lag like list pages'.
   */
  async nearby(lat: number, lng: number, radiusMeters: number, limit: number): Promise<NearbyCourse[]> {
    const cell = nearbyCell(lat, lng);
    const fetched = nearbyCandidateCount(limit);
    const candidates = await this.cache.getOrLoadScoped(
      [CacheScopes.courseList],
      this.cache.key('nearby-cell', cell.key, fetched),
      COURSE_LIST_CACHE_SECONDS,
      () => this.repository.nearestListed(cell.lat, cell.lng, fetched),
    );
    const answer = nearestFromCandidates(candidates, { lat, lng }, cell, radiusMeters, limit, fetched);
    if (answer) {
      return answer.map(({ candidate: { start_lat: _lat, start_lng: _lng, ...row }, meters }) => ({
        ...row,
        distance_from_user_meters: roundMeters(meters)!,
      }));
    }
    const rows = await this.repository.nearby(lat, lng, radiusMeters, limit);
    return rows.map((row) => ({
      ...row,
      distance_from_user_meters: roundMeters(row.distance_from_user_meters)!,
    }));
  }

  /**
   * Map markers of listed courses starting in the viewport, at most `limit`, spread over it: the
   * viewport is cut into a grid and every cell gets its share; cells with more courses than their
   * share are asked again for the budget the sparse cells left, and markers are taken from the
   * cells in turn.
   */
  async bounds(viewport: Viewport, limit: number): Promise<CourseMarker[]> {
    const envelopes = viewportEnvelopes(viewport);
    let share = Math.ceil(limit / (VIEWPORT_GRID * VIEWPORT_GRID));
    const perCell = groupByCell(await this.repository.markers(envelopes, share), envelopes.length);
    // Cells that filled their share may hold more: hand them what the sparse cells left, a few rounds at most.
    for (let pass = 0; pass < MARKER_TOP_UP_PASSES; pass++) {
      const found = perCell.reduce((sum, rows) => sum + rows.length, 0);
      const crowded = perCell.flatMap((rows, cell) => (rows.length >= share ? [cell] : []));
      if (found >= limit || crowded.length === 0) break;
      const settled = found - crowded.reduce((sum, cell) => sum + perCell[cell].length, 0);
      share = Math.max(share + 1, Math.ceil((limit - settled) / crowded.length));
      const more = groupByCell(
        await this.repository.markers(
          crowded.map((cell) => envelopes[cell]),
          share,
        ),
        crowded.length,
      );
      crowded.forEach((cell, i) => (perCell[cell] = more[i]));
    }
    const seen = new Set<string>();
    const markers: CourseMarker[] = [];
    for (let round = 0; markers.length < limit; round++) {
      let took = false;
      for (const cellRows of perCell) {
        const row = cellRows[round];
        if (!row) continue;
        took = true;
        if (seen.has(row.id) || markers.length >= limit) continue;
        seen.add(row.id);
        const { cell: _cell, ...marker } = row;
        markers.push(marker);
      }
      if (!took) break;
    }
    return markers;
  }

  /** A list page with its course-level figures (likes, ratings, active runners) as of loading. */
  private async loadListPage(query: CourseListQuery) {
    const { rows, total } = await this.repository.list(query);
    const extras = await this.repository.extras(rows.map((row) => row.id));
    return {
      total,
      rows: rows.map((row) => {
        const extra = extras.get(row.id);
        return {
          ...row,
          like_count: extra?.like_count ?? 0,
          avg_rating: extra?.avg_rating ?? null,
          active_runners: extra?.active_runners ?? 0,
        };
      }),
    };
  }

  /** The viewer's best completed time per course, cached under their scope (bumped with their runs). */
  private bestDurationsOf(userId: string): Promise<Record<string, number>> {
    return this.cache.getOrLoadScoped(
      [CacheScopes.user(userId)],
      this.cache.key('course-bests', userId),
      VIEWER_BESTS_CACHE_SECONDS,
      () => this.repository.bestDurations(userId),
    );
  }
}

function groupByCell(rows: MarkerRow[], cells: number): MarkerRow[][] {
  const grouped: MarkerRow[][] = Array.from({ length: cells }, () => []);
  for (const row of rows) grouped[row.cell].push(row);
  return grouped;
}

function roundMeters(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
