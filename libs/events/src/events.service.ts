import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type Page, type PageRequest, toPage } from '@runvs/common';
import { inTransaction } from '@runvs/database';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { ImageUploadsService } from '@runvs/storage';
import { DataSource, type EntityManager } from 'typeorm';
import { eventNotices } from './event-notices';
import { EventProgressService } from './event-progress.service';
import { EventParticipantsRepository } from './event-participants.repository';
import { type EventRow, EventsRepository } from './events.repository';
import {
  DEFAULT_BADGE_COLOR,
  DEFAULT_BADGE_ICON,
  EVENT_LIMITS,
  type EventFields,
  eventProblems,
  FROZEN_AFTER_START,
  type FieldProblem,
} from './events.rules';
import type {
  CreateEventInput,
  EventActor,
  EventListQuery,
  EventMarker,
  EventResponse,
  JoinResponse,
  ParticipantItem,
  UpdateEventInput,
  Viewport,
} from './events.types';

/** At most this many markers per viewport (soonest-ending first). */
const MAX_MARKERS = 500;

function invalid(problems: FieldProblem[]): DomainError {
  return new DomainError('VALIDATION_ERROR', `Invalid request: ${problems.map((p) => p.field).join(', ')}`, {
    fields: problems.map((problem) => ({ field: problem.field, messages: [problem.message] })),
  });
}

function fieldsOf(row: EventRow): EventFields {
  return {
    title: row.title,
    description: row.description,
    event_type: row.event_type,
    course_id: row.course_id,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    target_distance_meters: row.target_distance_meters,
    target_runs: row.target_runs,
    activity_types: row.activity_types,
    max_participants: row.max_participants,
    recurring_schedule: row.recurring_schedule,
    meeting_point: row.meeting_point,
    center_lat: row.center_lat,
    center_lng: row.center_lng,
    badge_color: row.badge_color,
    badge_icon: row.badge_icon,
    image_url: row.image_url,
  };
}

/** Group challenges: listing, map, detail, joining and leaving, creation and editing. */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly participantRows: EventParticipantsRepository,
    private readonly progress: EventProgressService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly images: ImageUploadsService,
  ) {}

  async list(viewerId: string, query: EventListQuery): Promise<Page<EventResponse>> {
    const { rows, total } = await this.events.listOpen(viewerId, query);
    return toPage(rows, total, query);
  }

  markers(viewport: Viewport): Promise<EventMarker[]> {
    return this.events.markers(viewport, MAX_MARKERS);
  }

  /** Any event by id, even ended or cancelled, with the viewer's own progress. */
  async detail(viewerId: string, eventId: string): Promise<EventResponse> {
    const event = await this.events.findResponse(viewerId, eventId);
    if (!event) throw notFound('Event');
    return event;
  }

  async participants(eventId: string, page: PageRequest): Promise<Page<ParticipantItem>> {
    if (!(await this.events.exists(eventId))) throw notFound('Event');
    const { rows, total } = await this.participantRows.list(eventId, page);
    return toPage(rows, total, page);
  }

  /**
   * Joins an event that has not ended. The event row is locked, so the capacity holds under
   * concurrent joins. Runs already inside the window count at once (progress is recomputed). The
   * organiser hears about the new participant.
   */
  async join(userId: string, eventId: string): Promise<JoinResponse> {
    return this.outbox.transaction(async (manager, enqueue) => {
      const event = await this.events.lock(manager, eventId);
      if (!event) throw notFound('Event');
      if (!event.is_active || event.ends_at.getTime() <= Date.now()) {
        throw new DomainError('EVENT_ENDED', 'This event has ended.');
      }
      if (await this.participantRows.isParticipant(manager, eventId, userId)) {
        throw new DomainError('ALREADY_JOINED', 'You already joined this event.');
      }
      if (event.max_participants !== null && event.participant_count >= event.max_participants) {
        throw new DomainError('EVENT_FULL', 'This event is full.');
      }
      if (!(await this.participantRows.add(manager, eventId, userId))) {
        throw new DomainError('ALREADY_JOINED', 'You already joined this event.');
      }
      await this.progress.recompute(manager, [eventId], userId, enqueue);
      if (event.creator_id !== null) {
        const joiner = await this.events.nickname(manager, userId);
        await this.notifications.notify(
          manager,
          eventNotices.joined(
            { id: eventId, title: event.title, creator_id: event.creator_id },
            { id: userId, nickname: joiner },
          ),
          enqueue,
        );
      }
      const row = await this.participantRows.participation(manager, eventId, userId);
      return {
        event_id: eventId,
        user_id: userId,
        progress_distance_meters: row.progress_distance_meters,
        progress_runs: row.progress_runs,
        completed: row.completed,
        joined_at: row.joined_at.toISOString(),
      };
    });
  }

  async leave(userId: string, eventId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const event = await this.events.lock(manager, eventId);
      if (!event || !(await this.participantRows.remove(manager, eventId, userId))) {
        throw notFound('Participation');
      }
    });
  }

  /** Creates an event; runners within EVENT_LIMITS, admins freely (see events.rules.ts). */
  async create(actor: EventActor, input: CreateEventInput): Promise<EventResponse> {
    const fields: EventFields = {
      title: input.title,
      description: input.description ?? null,
      event_type: input.event_type ?? 'challenge',
      course_id: input.course_id ?? null,
      starts_at: input.starts_at,
      ends_at: input.ends_at,
      target_distance_meters: input.target_distance_meters ?? null,
      target_runs: input.target_runs ?? null,
      activity_types: input.activity_types ?? null,
      max_participants: input.max_participants ?? null,
      recurring_schedule: input.recurring_schedule ?? null,
      meeting_point: input.meeting_point ?? null,
      center_lat: input.center_lat ?? null,
      center_lng: input.center_lng ?? null,
      badge_color: input.badge_color ?? DEFAULT_BADGE_COLOR,
      badge_icon: input.badge_icon ?? DEFAULT_BADGE_ICON,
      image_url: input.image_url ?? null,
    };
    const problems = eventProblems(fields, actor.role, new Date(), { isNew: true, startChanged: true });
    if (problems.length > 0) throw invalid(problems);

    const eventId = await inTransaction(this.dataSource, async (manager) => {
      await this.checkCourse(manager, actor, fields.course_id);
      await this.checkImage(manager, actor, fields.image_url);
      if (actor.role !== 'admin') {
        await this.events.lockCreator(manager, actor.id);
        const counts = await this.events.creationCounts(manager, actor.id);
        if (counts.last_day >= EVENT_LIMITS.USER_EVENTS_PER_DAY) {
          throw new DomainError(
            'EVENT_RATE_LIMIT',
            `You can create at most ${EVENT_LIMITS.USER_EVENTS_PER_DAY} events a day.`,
          );
        }
        if (counts.open >= EVENT_LIMITS.USER_OPEN_EVENTS_MAX) {
          throw new DomainError(
            'EVENT_RATE_LIMIT',
            `You can have at most ${EVENT_LIMITS.USER_OPEN_EVENTS_MAX} upcoming or running events.`,
          );
        }
      }
      return this.events.insert(manager, actor.id, fields);
    });
    return this.detail(actor.id, eventId);
  }

  /**
   * Edits an event: its creator or an admin. A runner cannot edit an ended event, nor move the
   * start, type, course or targets once it has started; progress is recomputed when the window,
   * course or targets change.
   */
  async update(actor: EventActor, eventId: string, input: UpdateEventInput): Promise<EventResponse> {
    await this.outbox.transaction(async (manager, enqueue) => {
      const event = await this.events.lock(manager, eventId);
      if (!event) throw notFound('Event');
      const isAdmin = actor.role === 'admin';
      if (!isAdmin && event.creator_id !== actor.id) {
        throw new DomainError('FORBIDDEN', 'Only the organiser or an administrator can edit this event.');
      }
      if (event.cancelled_at) throw new DomainError('CONFLICT', 'This event was cancelled.');
      if (event.course_deleted_at) {
        throw new DomainError('CONFLICT', "This event's course was deleted; its results are final.");
      }
      const now = new Date();
      if (!isAdmin && event.ends_at <= now) throw new DomainError('EVENT_ENDED', 'This event has ended.');

      const before = fieldsOf(event);
      const after: EventFields = { ...before };
      for (const [key, value] of Object.entries(input) as Array<[keyof EventFields, unknown]>) {
        if (value === undefined) continue;
        if (
          value === null &&
          (key === 'title' || key === 'starts_at' || key === 'ends_at' || key === 'event_type')
        ) {
          continue;
        }
        if (value === null && key === 'badge_color') after.badge_color = DEFAULT_BADGE_COLOR;
        else if (value === null && key === 'badge_icon') after.badge_icon = DEFAULT_BADGE_ICON;
        else (after as unknown as Record<string, unknown>)[key] = value;
      }
      const changed = (key: keyof EventFields) => {
        const [a, b] = [before[key], after[key]];
        if (a instanceof Date && b instanceof Date) return a.getTime() !== b.getTime();
        if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) !== JSON.stringify(b);
        return a !== b;
      };
      const problems = eventProblems(after, actor.role, now, {
        isNew: false,
        startChanged: changed('starts_at'),
      });
      if (!isAdmin && event.starts_at <= now) {
        for (const key of FROZEN_AFTER_START) {
          if (changed(key))
            problems.push({ field: key, message: `${key} cannot change once the event has started` });
        }
      }
      if (after.max_participants !== null && after.max_participants < event.participant_count) {
        problems.push({
          field: 'max_participants',
          message: `the event already has ${event.participant_count} participants`,
        });
      }
      if (problems.length > 0) throw invalid(problems);
      if (changed('course_id')) await this.checkCourse(manager, actor, after.course_id);
      if (changed('image_url')) await this.checkImage(manager, actor, after.image_url);

      await this.events.update(manager, eventId, after);
      const progressInputs: Array<keyof EventFields> = [
        'starts_at',
        'ends_at',
        'course_id',
        'target_distance_meters',
        'target_runs',
        'activity_types',
      ];
      if (progressInputs.some(changed)) await this.progress.recompute(manager, [eventId], null, enqueue);
    });
    return this.detail(actor.id, eventId);
  }

  /** Cancels an event (its creator or an admin): it leaves lists and maps and takes no more runs. */
  async cancel(actor: EventActor, eventId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const event = await this.events.lock(manager, eventId);
      if (!event) throw notFound('Event');
      if (actor.role !== 'admin' && event.creator_id !== actor.id) {
        throw new DomainError('FORBIDDEN', 'Only the organiser or an administrator can cancel this event.');
      }
      await this.events.cancel(manager, eventId);
    });
  }

  /** A cover picture must be one of the acting user's own uploads (422 `image_url` otherwise). */
  private async checkImage(manager: EntityManager, actor: EventActor, url: string | null): Promise<void> {
    if (url === null) return;
    await this.images.checkOwnImages(manager, actor.id, [{ url, field: 'image_url' }]);
  }

  private async checkCourse(
    manager: EntityManager,
    actor: EventActor,
    courseId: string | null,
  ): Promise<void> {
    if (courseId === null) return;
    if (!(await this.events.courseUsable(manager, courseId, actor.id))) {
      throw notFound('Course');
    }
  }
}
