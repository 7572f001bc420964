import { Injectable, Logger } from '@nestjs/common';
import { CacheScopes, CacheService, courseRunScopes } from '@runvs/cache';
import { EventCourseDeletionService } from '@runvs/events';
import { HeatmapService } from '@runvs/heatmap';
import { type Enqueue, OutboxService } from '@runvs/queue';
import { ObjectStorage } from '@runvs/storage';
import type { EntityManager } from 'typeorm';
import { CoursesRepository } from './courses.repository';

/** What deleting a course needs of its row (locked by the caller's check). */
export interface RemovableCourse {
  is_public: boolean;
  is_hidden: boolean;
  thumbnail_url: string | null;
}

/**
 * Removing a course, shared by its creator's delete and the moderators': events bound to it are
 * cancelled or frozen first (by the events lib, which owns them; the foreign key refuses the
 * deletion otherwise), then the course and what only exists for it go and its runs and sessions
 * are detached.
 */
@Injectable()
export class CourseRemovalService {
  private readonly logger = new Logger(CourseRemovalService.name);

  constructor(
    private readonly repository: CoursesRepository,
    private readonly events: EventCourseDeletionService,
    private readonly outbox: OutboxService,
    private readonly heatmap: HeatmapService,
    private readonly storage: ObjectStorage,
    private readonly cache: CacheService,
  ) {}

  /**
   * Deletes a course in one transaction: `lock` loads and locks its row (refusing whom it must),
   * the course goes (`remove`), `alsoInTransaction` adds the caller's own writes, and runs that
   * were private or hidden with their course are ordinary public runs again (heatmap). After the
   * commit: heatmap tiles and caches invalidated, the thumbnail file removed.
   */
  async deleteCourse(options: {
    courseId: string;
    actorId: string | null;
    lock: (manager: EntityManager) => Promise<RemovableCourse>;
    alsoInTransaction?: (manager: EntityManager) => Promise<void>;
  }): Promise<void> {
    const { courseId } = options;
    let thumbnailKey: string | null = null;
    const bounds = await this.outbox.transaction(async (manager, enqueue) => {
      const course = await options.lock(manager);
      thumbnailKey = course.thumbnail_url ? this.storage.keyOfUrl(course.thumbnail_url) : null;
      const detached = await this.remove(manager, enqueue, { id: courseId, thumbnailKey }, options.actorId);
      await options.alsoInTransaction?.(manager);
      return !course.is_public || course.is_hidden ? this.heatmap.recordRuns(manager, detached) : null;
    });
    await this.heatmap.invalidate(bounds);
    await this.cache.invalidate(...courseRunScopes(courseId), CacheScopes.courseList);
    if (thumbnailKey) {
      await this.storage.delete(thumbnailKey).catch((error: Error) => {
        this.logger.warn(
          `thumbnail ${thumbnailKey} of deleted course ${courseId} not removed: ${error.message}`,
        );
      });
    }
  }

  /** The removal itself, in the deletion's transaction; returns the detached run ids. */
  private async remove(
    manager: EntityManager,
    enqueue: Enqueue,
    course: { id: string; thumbnailKey: string | null },
    actorId: string | null,
  ): Promise<string[]> {
    await this.events.courseDeleted(manager, [course.id], actorId, enqueue);
    return this.repository.deleteCourse(manager, course.id, course.thumbnailKey);
  }
}
