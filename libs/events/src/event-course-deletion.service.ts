import { Injectable } from '@nestjs/common';
import { NotificationsService } from '@runvs/notifications';
import type { Enqueue } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { eventNotices } from './event-notices';
import { EventParticipantsRepository } from './event-participants.repository';
import { EventsRepository } from './events.repository';

/**
 * What happens to events when their course is deleted (by its creator, an admin, or with the
 * creator's account). Called inside the deletion's transaction, before the course row goes — the
 * `events.course_id` foreign key RESTRICTs, so a deletion path that forgets this fails instead of
 * leaving an event that counts every run anywhere:
 * - a running event (active, not ended) is cancelled (`cancel_reason = course_deleted`), and its
 *   participants and organiser are told (inbox + push) in the same transaction;
 * - every bound event, running or not, is detached with `course_deleted_at` set: its progress
 *   stays as it was and is never recomputed again.
 */
@Injectable()
export class EventCourseDeletionService {
  constructor(
    private readonly events: EventsRepository,
    private readonly participants: EventParticipantsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * `actorId`: who deletes the course (not told about their own deletion), or null when the
   * system does (an admin acting on someone else's course, an account deletion).
   */
  async courseDeleted(
    manager: EntityManager,
    courseIds: string[],
    actorId: string | null,
    enqueue?: Enqueue,
  ): Promise<{ cancelledEventIds: string[] }> {
    const bound = await this.events.boundToCourses(manager, courseIds);
    const running = bound.filter((event) => event.running);
    await this.events.detachFromDeletedCourse(
      manager,
      bound.map((event) => event.id),
      running.map((event) => event.id),
    );
    for (const event of running) {
      const recipients = new Set(await this.participants.userIds(manager, event.id));
      if (event.creator_id !== null) recipients.add(event.creator_id);
      for (const userId of recipients) {
        await this.notifications.notify(manager, eventNotices.courseDeleted(event, userId, actorId), enqueue);
      }
    }
    return { cancelledEventIds: running.map((event) => event.id) };
  }

  /** The events on every course of a user whose account is being deleted. */
  async coursesOfUserDeleted(manager: EntityManager, userId: string, enqueue?: Enqueue): Promise<void> {
    await this.courseDeleted(manager, await this.events.courseIdsOf(manager, userId), null, enqueue);
  }
}
