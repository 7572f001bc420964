import { Injectable } from '@nestjs/common';
import { EventCourseDeletionService } from '@runvs/events';
import type { Enqueue } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { CoursesRepository } from './courses.repository';

/**
 * Removing a course, shared by its creator's delete and the moderators': events bound to it are
 * cancelled or frozen first (by the events lib, which owns them; the foreign key refuses the
 * deletion otherwise), then the course and what only exists for it go and its runs and sessions
 * are detached. Runs in the caller's transaction; returns the detached run ids.
 */
@Injectable()
export class CourseRemovalService {
  constructor(
    private readonly repository: CoursesRepository,
    private readonly events: EventCourseDeletionService,
  ) {}

  async remove(
    manager: EntityManager,
    enqueue: Enqueue,
    course: { id: string; thumbnailKey: string | null },
    actorId: string | null,
  ): Promise<string[]> {
    await this.events.courseDeleted(manager, [course.id], actorId, enqueue);
    return this.repository.deleteCourse(manager, course.id, course.thumbnailKey);
  }
}
