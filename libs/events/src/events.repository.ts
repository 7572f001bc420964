import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { courseVisibleSql, type EventCancelReason } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventFields } from './events.rules';
import type { EventListQuery, EventMarker, EventResponse, Viewport } from './events.types';

/** An events row as the service reasons about it: the event's fields and what the server keeps of it. */
export interface EventRow extends EventFields {
  id: string;
  creator_id: string | null;
  is_active: boolean;
  cancelled_at: Date | null;
  cancel_reason: EventCancelReason | null;
  course_deleted_at: Date | null;
  participant_count: number;
}

const EVENT_COLUMNS = `e.id, e.title, e.description, e.event_type, e.course_id, e.creator_id, e.starts_at, e.ends_at,
  e.target_distance_meters, e.target_runs, e.activity_types, e.max_participants, e.recurring_schedule, e.meeting_point,
  ST_Y(e.center::geometry) AS center_lat, ST_X(e.center::geometry) AS center_lng,
  e.badge_color, e.badge_icon, e.image_url, e.is_active, e.cancelled_at, e.cancel_reason, e.course_deleted_at,
  e.participant_count`;

/** Everything EventResponse needs for a viewer ($1) in one select list. */
const RESPONSE_SELECT = `SELECT ${EVENT_COLUMNS}, u.nickname AS creator_nickname,
    p.user_id IS NOT NULL AS is_participating, p.progress_distance_meters, p.progress_runs, p.completed
  FROM events e
  LEFT JOIN users u ON u.id = e.creator_id
  LEFT JOIN event_participants p ON p.event_id = e.id AND p.user_id = $1`;

type ResponseRow = EventRow & {
  creator_nickname: string | null;
  is_participating: boolean;
  progress_distance_meters: number | null;
  progress_runs: number | null;
  completed: boolean | null;
};

function toResponse(row: ResponseRow): EventResponse {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    event_type: row.event_type,
    course_id: row.course_id,
    starts_at: row.starts_at.toISOString(),
    ends_at: row.ends_at.toISOString(),
    target_distance_meters: row.target_distance_meters,
    target_runs: row.target_runs,
    activity_types: row.activity_types,
    max_participants: row.max_participants,
    badge_color: row.badge_color,
    badge_icon: row.badge_icon,
    image_url: row.image_url,
    participant_count: row.participant_count,
    is_participating: row.is_participating,
    is_active: row.is_active,
    cancelled_at: row.cancelled_at?.toISOString() ?? null,
    cancel_reason: row.cancel_reason,
    course_deleted_at: row.course_deleted_at?.toISOString() ?? null,
    center_lat: row.center_lat,
    center_lng: row.center_lng,
    recurring_schedule: row.recurring_schedule,
    meeting_point: row.meeting_point,
    creator_id: row.creator_id,
    creator_nickname: row.creator_nickname,
    my_progress_distance_meters: row.is_participating ? row.progress_distance_meters : null,
    my_progress_runs: row.is_participating ? row.progress_runs : null,
    my_completed: row.is_participating ? row.completed : null,
  };
}

/** An event bound to a course being deleted; `running` = active, not cancelled, not ended. */
export interface BoundEventRow {
  id: string;
  title: string;
  creator_id: string | null;
  running: boolean;
}

/** Column list of an insert/update, in EventFields order. */
const WRITABLE: Array<[keyof EventFields, string]> = [
  ['title', 'title'],
  ['description', 'description'],
  ['event_type', 'event_type'],
  ['course_id', 'course_id'],
  ['starts_at', 'starts_at'],
  ['ends_at', 'ends_at'],
  ['target_distance_meters', 'target_distance_meters'],
  ['target_runs', 'target_runs'],
  ['activity_types', 'activity_types'],
  ['max_participants', 'max_participants'],
  ['recurring_schedule', 'recurring_schedule'],
  ['meeting_point', 'meeting_point'],
  ['badge_color', 'badge_color'],
  ['badge_icon', 'badge_icon'],
  ['image_url', 'image_url'],
];

@Injectable()
export class EventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findResponse(
    viewerId: string,
    eventId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<EventResponse | null> {
    const [row] = (await manager.query(`${RESPONSE_SELECT} WHERE e.id = $2`, [
      viewerId,
      eventId,
    ])) as ResponseRow[];
    return row ? toResponse(row) : null;
  }

  /** Active events that have not ended, soonest start first (then id, for stable pages). */
  async listOpen(viewerId: string, query: EventListQuery): Promise<{ rows: EventResponse[]; total: number }> {
    const where = `e.is_active AND e.ends_at > now() AND ($2::varchar IS NULL OR e.event_type = $2)`;
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(
        `${RESPONSE_SELECT} WHERE ${where} ORDER BY e.starts_at, e.id LIMIT $3 OFFSET $4`,
        [viewerId, query.eventType ?? null, query.perPage, query.page * query.perPage],
      ) as Promise<ResponseRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM events e WHERE ${where.replaceAll('$2', '$1')}`,
        [query.eventType ?? null],
      ) as Promise<Array<{ total: number }>>,
    ]);
    return { rows: rows.map(toResponse), total: count.total };
  }

  /**
   * Active, not-ended events whose centre lies in the viewport, soonest end first. The geography
   * GiST index narrows by bounding box; the exact test is on latitude/longitude, so the box is the
   * one the map shows (a viewport crossing ±180° is split in two).
   */
  async markers(viewport: Viewport, limit: number): Promise<EventMarker[]> {
    const boxes: Array<[number, number]> =
      viewport.swLng <= viewport.neLng
        ? [[viewport.swLng, viewport.neLng]]
        : [
            [viewport.swLng, 180],
            [-180, viewport.neLng],
          ];
    // A geography box of half the globe or more is ill-defined, and one from pole to pole has
    // edges PostGIS refuses (antipodal, 180° long): such views skip the index filter.
    const poleToPole = viewport.neLat - viewport.swLat >= 180;
    const clauses = boxes.map(([west, east], i) => {
      const exact = `ST_X(e.center::geometry) BETWEEN $${i * 2 + 3} AND $${i * 2 + 4}`;
      return east - west >= 180 || poleToPole
        ? `(${exact})`
        : `(e.center && ST_MakeEnvelope($${i * 2 + 3}, $1, $${i * 2 + 4}, $2, 4326)::geography AND ${exact})`;
    });
    const rows = (await this.dataSource.query(
      `SELECT e.id, e.title, e.event_type, e.badge_color, e.badge_icon,
              ST_Y(e.center::geometry) AS center_lat, ST_X(e.center::geometry) AS center_lng,
              e.participant_count, e.ends_at
         FROM events e
        WHERE e.is_active AND e.ends_at > now() AND e.center IS NOT NULL
          AND ST_Y(e.center::geometry) BETWEEN $1 AND $2
          AND (${clauses.join(' OR ')})
        ORDER BY e.ends_at, e.id
        LIMIT ${Math.trunc(limit)}`,
      [viewport.swLat, viewport.neLat, ...boxes.flat()],
    )) as Array<Omit<EventMarker, 'ends_at'> & { ends_at: Date }>;
    return rows.map((row) => ({ ...row, ends_at: row.ends_at.toISOString() }));
  }

  async lock(manager: EntityManager, eventId: string): Promise<EventRow | null> {
    const [row] = (await manager.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1 FOR UPDATE`, [
      eventId,
    ])) as EventRow[];
    return row ?? null;
  }

  async insert(manager: EntityManager, creatorId: string, fields: EventFields): Promise<string> {
    const values = WRITABLE.map(([field]) => fields[field]);
    const [row] = (await manager.query(
      `INSERT INTO events (creator_id, ${WRITABLE.map(([, column]) => column).join(', ')}, center)
       VALUES ($1, ${WRITABLE.map((_, i) => `$${i + 2}`).join(', ')},
               CASE WHEN $${WRITABLE.length + 2}::float8 IS NULL THEN NULL
                    ELSE ST_SetSRID(ST_MakePoint($${WRITABLE.length + 3}, $${WRITABLE.length + 2}), 4326)::geography END)
       RETURNING id`,
      [creatorId, ...values, fields.center_lat, fields.center_lng],
    )) as Array<{ id: string }>;
    return row.id;
  }

  async update(manager: EntityManager, eventId: string, fields: EventFields): Promise<void> {
    const values = WRITABLE.map(([field]) => fields[field]);
    await manager.query(
      `UPDATE events SET ${WRITABLE.map(([, column], i) => `${column} = $${i + 2}`).join(', ')},
              center = CASE WHEN $${WRITABLE.length + 2}::float8 IS NULL THEN NULL
                            ELSE ST_SetSRID(ST_MakePoint($${WRITABLE.length + 3}, $${WRITABLE.length + 2}), 4326)::geography END
        WHERE id = $1`,
      [eventId, ...values, fields.center_lat, fields.center_lng],
    );
  }

  async cancel(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(
      `UPDATE events SET is_active = false, cancelled_at = COALESCE(cancelled_at, now()),
              cancel_reason = COALESCE(cancel_reason, 'cancelled')
        WHERE id = $1`,
      [eventId],
    );
  }

  /** Events the user created in the last day, and those of theirs not yet ended. */
  async creationCounts(
    manager: EntityManager,
    creatorId: string,
  ): Promise<{ last_day: number; open: number }> {
    const [row] = (await manager.query(
      `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 day')::int AS last_day,
              count(*) FILTER (WHERE is_active AND ends_at > now())::int AS open
         FROM events WHERE creator_id = $1`,
      [creatorId],
    )) as Array<{ last_day: number; open: number }>;
    return row;
  }

  /** Serialises one user's event creations, so the limits hold under concurrent requests. */
  async lockCreator(manager: EntityManager, creatorId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('events:create:' || $1))`, [creatorId]);
  }

  /** A course an event may be bound to: it exists and is visible to the creator (the one course rule). */
  async courseUsable(manager: EntityManager, courseId: string, userId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM courses c WHERE c.id = $1 AND ${courseVisibleSql('c', '$2')}`,
      [courseId, userId],
    )) as unknown[];
    return rows.length > 0;
  }

  async nickname(manager: EntityManager, userId: string): Promise<string | null> {
    const [row] = (await manager.query(`SELECT nickname FROM users WHERE id = $1`, [userId])) as Array<{
      nickname: string | null;
    }>;
    return row?.nickname ?? null;
  }

  async exists(eventId: string): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM events WHERE id = $1`, [eventId])) as unknown[];
    return rows.length > 0;
  }

  // ---- events of a deleted course ------------------------------------------------------------

  /** Events bound to any of the courses, locked for the deletion. */
  async boundToCourses(manager: EntityManager, courseIds: string[]): Promise<BoundEventRow[]> {
    if (courseIds.length === 0) return [];
    return (await manager.query(
      `SELECT id, title, creator_id, (is_active AND cancelled_at IS NULL AND ends_at > now()) AS running
         FROM events WHERE course_id = ANY($1::uuid[])
        ORDER BY id
        FOR UPDATE`,
      [courseIds],
    )) as BoundEventRow[];
  }

  /**
   * Detaches the events from their deleted course for good (`course_deleted_at`: progress frozen)
   * and cancels those in `cancelIds`.
   */
  async detachFromDeletedCourse(
    manager: EntityManager,
    eventIds: string[],
    cancelIds: string[],
  ): Promise<void> {
    if (eventIds.length === 0) return;
    await manager.query(
      `UPDATE events
          SET course_id = NULL, course_deleted_at = now(),
              is_active = is_active AND NOT (id = ANY($2::uuid[])),
              cancelled_at = CASE WHEN id = ANY($2::uuid[]) THEN now() ELSE cancelled_at END,
              cancel_reason = CASE WHEN id = ANY($2::uuid[]) THEN 'course_deleted' ELSE cancel_reason END
        WHERE id = ANY($1::uuid[])`,
      [eventIds, cancelIds],
    );
  }

  /** The courses a user created (account deletion takes them). */
  async courseIdsOf(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = (await manager.query(`SELECT id FROM courses WHERE creator_id = $1`, [userId])) as Array<{
      id: string;
    }>;
    return rows.map((row) => row.id);
  }
}
