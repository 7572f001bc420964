import { Injectable, Logger } from '@nestjs/common';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { DomainError, notFound } from '@runvs/common';
import { PrivacyZonesService } from '@runvs/privacy';
import { OutboxService, QueueName } from '@runvs/queue';
import { ObjectStorage } from '@runvs/storage';
import { recomputeCourseDifficulty } from './course-difficulty';
import { courseLineFacts } from './course-geometry';
import { checkRouteGeometry, correctionProblems } from './course-input.rules';
import { CoursesRepository } from './courses.repository';
import { validationProblem } from './courses.service';
import type { RouteCorrection } from './courses.types';

/**
 * The creator corrects a course's line (`PATCH /courses/{id}/route`). The new line is checked like
 * a new course's, and may move each vertex at most 50 m from the current line — a correction, not
 * a new course. In one transaction: the line and everything derived from it (start and end,
 * measured distance, preview, checkpoints, difficulty; elevation when the line carries it), a new
 * route revision, the `course-rejudge` job (every effort re-judged against the new line by the
 * worker, the board and stats rebuilt, runners whose effort stops counting told why) and a new
 * thumbnail job. Cached pages and the old thumbnail go after the commit.
 */
@Injectable()
export class CourseRouteService {
  private readonly logger = new Logger(CourseRouteService.name);

  constructor(
    private readonly repository: CoursesRepository,
    private readonly outbox: OutboxService,
    private readonly storage: ObjectStorage,
    private readonly cache: CacheService,
    private readonly privacy: PrivacyZonesService,
  ) {}

  async correct(userId: string, courseId: string, routeGeometry: unknown): Promise<RouteCorrection> {
    const checked = checkRouteGeometry(routeGeometry);
    if (!checked.route) throw validationProblem(checked.problems);
    const route = checked.route;
    const line = courseLineFacts(route);
    let oldThumbnailKey: string | null = null;
    const corrected = await this.outbox.transaction(async (manager, enqueue) => {
      const course = await this.repository.findVisible(manager, courseId, userId, true);
      if (!course) throw notFound('Course');
      if (course.creator_id !== userId) {
        throw new DomainError('PERMISSION_DENIED', 'Only the creator of this course can change it');
      }
      const current = await this.repository.routeCoordinates(manager, courseId);
      if (!current) throw new DomainError('NO_ROUTE', 'This course has no line to correct.');
      const problems = correctionProblems(current, route.coordinates);
      if (problems.length > 0) throw validationProblem(problems);
      oldThumbnailKey = course.thumbnail_url ? this.storage.keyOfUrl(course.thumbnail_url) : null;
      const revision = await this.repository.correctRoute(manager, courseId, line, oldThumbnailKey);
      const difficulty = await recomputeCourseDifficulty(manager, courseId);
      await enqueue(QueueName.CourseRejudge, { courseId, revision });
      // The thumbnail job's id is per course; a corrected line needs a job of its own.
      await enqueue(
        QueueName.CourseCreated,
        { courseId },
        { jobId: `${QueueName.CourseCreated}_${courseId}_r${revision}` },
      );
      return {
        id: courseId,
        distance_meters: line.distanceMeters,
        corrected: true as const,
        route_revision: revision,
        difficulty,
        // As on creation: the whole line is public, even where it crosses the creator's privacy zones.
        privacy_warning: await this.privacy.courseLineWarning(userId, route.coordinates, manager),
      };
    });
    await this.cache.invalidate(...courseRunScopes(courseId), CacheScopes.courseList);
    const stale = oldThumbnailKey as string | null;
    if (stale) {
      await this.storage.delete(stale).catch((error: Error) => {
        this.logger.warn(`old thumbnail ${stale} of course ${courseId} not removed: ${error.message}`);
      });
    }
    return corrected;
  }
}
