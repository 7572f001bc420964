import { PrivacyZonesService } from '@runvs/privacy';
import { Injectable } from '@nestjs/common';
import { CacheScopes, CacheService } from '@runvs/cache';
import { DomainError, notFound } from '@runvs/common';
import { type CourseCheckpoint, courseVisibleTo, isCourseListed, notARunCourseReason } from '@runvs/database';
import { generateCheckpoints, type LngLat, routePreview } from '@runvs/geo';
import { type Box, HeatmapService } from '@runvs/heatmap';
import { OutboxService, QueueName } from '@runvs/queue';
import { ImageUploadsService } from '@runvs/storage';
import { checkRouteGeometry, type CheckedRoute, type FieldProblem } from './course-input.rules';
import { difficultyOf } from './course-difficulty';
import { routeElevation, toCourseCheckpoints } from './course-geometry';
import { courseLineOfRun, judgeCreatorLine } from './course-source.rules';
import { CourseRemovalService } from './course-removal.service';
import { type CourseDetailRow, type CourseOwnerRow, CoursesRepository } from './courses.repository';
import type {
  CourseDetail,
  CourseStatsResponse,
  CreateCourseInput,
  CreatedCourse,
  UpdateCourseInput,
} from './courses.types';
import { CourseStatsService } from './stats/course-stats.service';
import type { EntityManager } from 'typeorm';

/** §6.1: at most this many courses per user in any rolling 24 hours. */
export const COURSE_CREATION_LIMIT = 10;
export const COURSE_CREATION_WINDOW_HOURS = 24;

export function validationProblem(problems: FieldProblem[]): DomainError {
  return new DomainError('VALIDATION_ERROR', `Invalid request: ${problems.map((p) => p.field).join(', ')}`, {
    fields: problems,
  });
}

/**
 * Course pages and stats are invalidated by every write to them (here, the run pipeline, reviews,
 * likes, moderation).
 */
const COURSE_CACHE_SECONDS = 60;

const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));

@Injectable()
export class CoursesService {
  constructor(
    private readonly repository: CoursesRepository,
    private readonly outbox: OutboxService,
    private readonly heatmap: HeatmapService,
    private readonly cache: CacheService,
    private readonly courseStats: CourseStatsService,
    private readonly images: ImageUploadsService,
    private readonly removal: CourseRemovalService,
    private readonly privacy: PrivacyZonesService,
  ) {}

  /**
   * Publishes a course from one of the caller's runs. In one transaction: the per-user rolling
   * limit, the course (route, start/end points, measured distance, elevation, preview,
   * checkpoints, difficulty), the creator's run as its first completed effort (stats and
   * leaderboard row) and the thumbnail job. Without a line from the client, the line is the run's
   * own recorded track, simplified (`courseLineOfRun`); either way the creator's effort ranks only
   * by the matcher's verdict on it, as every other runner's.
   */
  async create(userId: string, input: CreateCourseInput): Promise<CreatedCourse> {
    // A line the client sent is checked before anything is locked.
    const clientRoute = input.routeGeometry == null ? null : checkedRoute(input.routeGeometry);
    const isPublic = input.isPublic ?? true;

    const { created, heatmapBounds, privacyWarning, distanceMeters, difficulty } =
      await this.outbox.transaction(async (manager, enqueue) => {
        await this.repository.lockCreator(manager, userId);
        const recent = await this.repository.countCreatedSince(manager, userId, COURSE_CREATION_WINDOW_HOURS);
        if (recent >= COURSE_CREATION_LIMIT) {
          throw new DomainError(
            'COURSE_RATE_LIMIT',
            `코스는 24시간 동안 최대 ${COURSE_CREATION_LIMIT}개까지 만들 수 있습니다. (You can create at most ${COURSE_CREATION_LIMIT} courses in 24 hours.)`,
          );
        }
        await this.checkPhotos(manager, userId, input.photoUrls);
        const run = await this.repository.lockRun(manager, input.runRecordId);
        if (!run || run.user_id !== userId) throw notFound('Run record');
        const notARun = notARunCourseReason(run.activity_type);
        if (notARun) throw new DomainError('NOT_A_RUN', notARun, { activity_type: run.activity_type });
        if (run.course_id) {
          throw new DomainError('CONFLICT', 'This run already belongs to a course', {
            course_id: run.course_id,
          });
        }
        const route = clientRoute ?? checkedRoute(lineOfRun(run.track));
        const distanceMeters = Math.max(1, Math.round(route.lengthMeters));
        const elevation = this.elevationOf(route, input);
        const difficulty = difficultyOf({ distanceMeters, elevationGainMeters: elevation.gain });
        const checkpoints = toCourseCheckpoints(generateCheckpoints(route.coordinates));
        // The line must be where this run went, by the matcher that judges every runner.
        const verdict = judgeCreatorLine(route.coordinates, {
          track: run.track,
          isFlagged: run.is_flagged,
          source: run.source,
        });
        if (!verdict.match) throw validationProblem(verdict.problems);
        const row = await this.repository.insertCourse(manager, {
          creatorId: userId,
          runRecordId: run.id,
          title: input.title,
          description: input.description ?? null,
          routeGeoJson: JSON.stringify({ type: 'LineString', coordinates: route.coordinates }),
          distanceMeters,
          estimatedDurationSeconds: input.estimatedDurationSeconds,
          elevationGainMeters: elevation.gain,
          elevationLossMeters: elevation.loss,
          elevationProfile: elevation.profile,
          routePreview: routePreview(route.coordinates),
          checkpoints,
          tags: input.tags ?? [],
          courseType: input.courseType ?? null,
          lapCount: input.lapCount ?? null,
          difficulty: difficulty.label,
          difficultyScore: difficulty.score,
          isPublic,
          photoUrls: input.photoUrls ?? [],
        });
        await this.repository.recordCreatorEffort(manager, row.id, run, {
          eligible: verdict.eligible,
          paceSecondsPerKm: run.effort_pace_seconds_per_km,
          routeMatchPercent: verdict.match.routeMatchPercent,
          maxDeviationMeters: verdict.match.maxDeviationMeters,
        });
        await this.courseStats.seedFromCreatorRun(manager, row.id, {
          durationSeconds: run.effort_seconds,
          startedAt: new Date(run.started_at),
          isFlagged: run.is_flagged,
          courseDistanceMeters: distanceMeters,
        });
        await enqueue(QueueName.CourseCreated, { courseId: row.id });
        // A run on a private course leaves the public heatmap with it.
        const bounds = isPublic ? null : await this.heatmap.recordRun(manager, run.id);
        // A course line is published by choice: a line through the creator's zones is kept whole, with a warning.
        const privacyWarning = await this.privacy.courseLineWarning(userId, route.coordinates, manager);
        return { created: row, heatmapBounds: bounds, privacyWarning, distanceMeters, difficulty };
      });
    await this.heatmap.invalidate(heatmapBounds);
    // The creator's run became the first effort on the course: their bests in lists changed too.
    await this.cache.invalidate(CacheScopes.courseList, CacheScopes.user(userId));
    return {
      id: created.id,
      title: input.title,
      distance_meters: distanceMeters,
      thumbnail_url: null,
      share_url: null,
      created_at: created.created_at,
      difficulty: difficulty.label,
      privacy_warning: privacyWarning,
    };
  }

  /** A course as its page shows it; a private or hidden course exists only for its creator. */
  async detail(courseId: string, viewerId: string | null): Promise<CourseDetail> {
    const row = await this.cache.getOrLoadScoped(
      [CacheScopes.course(courseId)],
      this.cache.key('course', courseId),
      COURSE_CACHE_SECONDS,
      () => this.repository.findDetail(courseId),
    );
    // The cached row is shared by every viewer: the rule is applied per request.
    if (!row || (!isCourseListed(row) && !courseVisibleTo(row, await this.repository.viewer(viewerId)))) {
      throw notFound('Course');
    }
    let checkpoints = row.checkpoints ?? [];
    if (checkpoints.length === 0) {
      // Courses written before checkpoints existed get them on first read (§6.4).
      checkpoints = toCourseCheckpoints(generateCheckpoints(row.route.coordinates));
      if (checkpoints.length > 0) await this.repository.saveMissingCheckpoints(courseId, checkpoints);
    }
    return toDetail(row, checkpoints);
  }

  async stats(courseId: string, viewerId: string | null): Promise<CourseStatsResponse> {
    const course = await this.repository.findVisible(null, courseId, viewerId);
    if (!course) throw notFound('Course');
    const stats = await this.cache.getOrLoadScoped(
      [CacheScopes.courseBoard(courseId)],
      this.cache.key('course-stats', courseId),
      COURSE_CACHE_SECONDS,
      () => this.repository.findStats(courseId),
    );
    const byHour = Object.fromEntries(HOURS.map((hour) => [hour, Number(stats?.runs_by_hour?.[hour] ?? 0)]));
    return {
      course_id: courseId,
      total_runs: stats?.total_runs ?? 0,
      unique_runners: stats?.unique_runners ?? 0,
      avg_duration_seconds: stats?.avg_duration_seconds ?? null,
      avg_pace_seconds_per_km: stats?.avg_pace_seconds_per_km ?? null,
      best_duration_seconds: stats?.best_duration_seconds ?? null,
      best_pace_seconds_per_km: stats?.best_pace_seconds_per_km ?? null,
      completion_rate: Math.round((stats?.completion_rate ?? 0) * 10_000) / 10_000,
      runs_by_hour: byHour,
      updated_at: stats?.updated_at ?? null,
    };
  }

  /** The creator changes title, description, visibility, tags, type or laps; nulls are ignored. */
  async update(
    userId: string,
    courseId: string,
    input: UpdateCourseInput,
  ): Promise<{ id: string; title: string; updated: true }> {
    const { result, bounds } = await this.outbox.transaction(async (manager) => {
      const course = await this.ownedCourse(manager, userId, courseId);
      await this.checkPhotos(manager, userId, input.photoUrls);
      const changes = {
        title: input.title ?? undefined,
        description: input.description ?? undefined,
        is_public: input.isPublic ?? undefined,
        tags: input.tags ?? undefined,
        course_type: input.courseType ?? undefined,
        lap_count: input.lapCount ?? undefined,
        photo_urls: input.photoUrls ?? undefined,
      };
      const updated = await this.repository.update(manager, courseId, changes);
      let changedBounds: Box | null = null;
      if (changes.is_public !== undefined && changes.is_public !== course.is_public) {
        // Runs on a course that turns private leave the public heatmap, and come back with it.
        changedBounds = await this.heatmap.recordRuns(
          manager,
          await this.repository.runIdsOnCourse(manager, courseId),
        );
      }
      return { result: updated, bounds: changedBounds };
    });
    await this.heatmap.invalidate(bounds);
    await this.cache.invalidate(CacheScopes.course(courseId), CacheScopes.courseList);
    return { id: result.id, title: result.title, updated: true };
  }

  /**
   * The creator deletes a course: runs and sessions on it are detached and kept; its
   * leaderboard, stats, reviews, likes and favorites go, and events bound to it are cancelled
   * (participants told) or frozen, in one transaction. The thumbnail file
   * is removed after the commit.
   */
  async delete(userId: string, courseId: string): Promise<void> {
    await this.removal.deleteCourse({
      courseId,
      actorId: userId,
      lock: (manager) => this.ownedCourse(manager, userId, courseId),
    });
  }

  /** Photos must be the caller's own uploads (422 naming `photo_urls[i]` otherwise). */
  private async checkPhotos(manager: EntityManager, userId: string, urls: string[] | null | undefined) {
    await this.images.checkOwnImages(
      manager,
      userId,
      (urls ?? []).map((url, index) => ({ url, field: `photo_urls[${index}]` })),
    );
  }

  private async ownedCourse(
    manager: Parameters<CoursesRepository['findOwner']>[0],
    userId: string,
    courseId: string,
  ): Promise<CourseOwnerRow> {
    const course = await this.repository.findVisible(manager, courseId, userId, true);
    if (!course) throw notFound('Course');
    if (course.creator_id !== userId) {
      throw new DomainError('PERMISSION_DENIED', 'Only the creator of this course can change it');
    }
    return course;
  }

  /** Elevation from the route when every vertex has a usable altitude; otherwise the app's figures. */
  private elevationOf(
    route: CheckedRoute,
    input: CreateCourseInput,
  ): { gain: number; loss: number; profile: number[] } {
    return (
      routeElevation(route) ?? {
        gain: Math.round(input.elevationGainMeters ?? 0),
        loss: 0,
        profile: input.elevationProfile ?? [],
      }
    );
  }
}

/** A course line that passed the input checks, or 422 with what is wrong. */
function checkedRoute(geometry: unknown): CheckedRoute {
  const checked = checkRouteGeometry(geometry);
  if (!checked.route) throw validationProblem(checked.problems);
  return checked.route;
}

/** The line of the creator's recorded track, or 422 when the run has none. */
function lineOfRun(track: number[][] | null): unknown {
  const built = courseLineOfRun(track);
  if (!built.line) throw validationProblem(built.problems);
  return built.line;
}

function toDetail(row: CourseDetailRow, checkpoints: CourseCheckpoint[]): CourseDetail {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    // Stored routes are 2-D; the app expects [lng, lat, alt] with alt 0.
    route_geometry: {
      type: 'LineString',
      coordinates: row.route.coordinates.map(([lng, lat]) => [lng, lat, 0] as [number, number, number]),
    },
    distance_meters: row.distance_meters,
    estimated_duration_seconds: row.estimated_duration_seconds,
    elevation_gain_meters: row.elevation_gain_meters,
    elevation_loss_meters: row.elevation_loss_meters,
    elevation_profile: row.elevation_profile ?? [],
    thumbnail_url: row.thumbnail_url,
    photo_urls: row.photo_urls,
    route_preview: row.route_preview as LngLat[] | null,
    is_public: row.is_public,
    tags: row.tags,
    course_type: row.course_type,
    lap_count: row.lap_count,
    difficulty: row.difficulty,
    created_at: row.created_at,
    updated_at: row.updated_at,
    creator: { id: row.creator_id, nickname: row.creator_nickname, avatar_url: row.creator_avatar_url },
    checkpoints,
    like_count: row.like_count,
    avg_rating: row.avg_rating,
    review_count: row.review_count,
    active_runners: row.active_runners,
  };
}
