import { Injectable } from '@nestjs/common';
import { countedActivitySql, countsAsRun, queryPreparedIn } from '@runvs/database';
import { NotificationsService } from '@runvs/notifications';
import type { Enqueue } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { eventNotices } from './event-notices';

/** A participation whose targets were reached by this recomputation (it was not complete before). */
export interface NewlyCompleted {
  event_id: string;
  user_id: string;
}

const REACHED = `(e.target_distance_meters IS NULL OR p.progress_distance_meters + $5 >= e.target_distance_meters)
                 AND (e.target_runs IS NULL OR p.progress_runs + 1 >= e.target_runs)`;

/** The event's own activity types, or (none named) the running kinds. */
const TAKES_TYPE = `(CASE WHEN e.activity_types IS NULL THEN $7::boolean ELSE $6 = ANY(e.activity_types) END)`;

const COUNT_RUN = {
  name: 'event-progress-count-run-v2',
  text: `WITH target AS (
           SELECT p.id, p.completed AS was_completed FROM event_participants p JOIN events e ON e.id = p.event_id
            WHERE p.user_id = $1 AND e.starts_at <= $2 AND e.ends_at >= $2
              AND e.cancelled_at IS NULL AND e.course_deleted_at IS NULL
              AND (e.course_id IS NULL OR (e.course_id = $3 AND $4::boolean))
              AND ${TAKES_TYPE}
            ORDER BY p.id
            FOR UPDATE OF p
         ), updated AS (
           UPDATE event_participants p
              SET progress_distance_meters = p.progress_distance_meters + $5,
                  progress_runs = p.progress_runs + 1,
                  completed = ${REACHED},
                  completed_at = CASE WHEN ${REACHED} THEN COALESCE(p.completed_at, now()) ELSE NULL END
             FROM target t, events e
            WHERE p.id = t.id AND e.id = p.event_id
           RETURNING p.id, p.event_id, p.user_id, p.completed, e.title
         )
         SELECT u.event_id, u.user_id, u.title FROM updated u JOIN target t ON t.id = u.id
          WHERE u.completed AND NOT t.was_completed`,
};

/**
 * Event progress is a pure function of the runs: a participant's distance and run count are the
 * sums over their runs that finished inside the event window — never flagged ones, only the
 * activity types the event names (`activity_types`; none named: the running kinds), and for an
 * event bound to a course only completed runs of that course. Recomputing instead of adding makes
 * every caller idempotent (a run pipeline retried, a run deleted or unflagged, a late join).
 * `completed_at` keeps the first completion and is cleared if the runner drops back below a target.
 * A participation that becomes complete is notified (`event_completed`, once per event and runner)
 * in the caller's transaction. An event whose course was deleted (`course_deleted_at`) is frozen:
 * it is never recomputed, whoever asks.
 */
@Injectable()
export class EventProgressService {
  constructor(private readonly notifications: NotificationsService) {}

  /**
   * Recomputes the given participations (`userId` null: every participant of those events) and
   * notifies those that just reached their targets. Pass the `enqueue` of
   * `OutboxService.transaction` to publish the pushes right after the commit.
   */
  async recompute(
    manager: EntityManager,
    eventIds: string[],
    userId: string | null,
    enqueue?: Enqueue,
  ): Promise<NewlyCompleted[]> {
    if (eventIds.length === 0) return [];
    return this.notifyCompleted(manager, await this.recomputeRows(manager, eventIds, userId), enqueue);
  }

  /**
   * Counts one new run into the runner's participations whose window it finished in, as an
   * increment (the run pipeline calls it once per run under its guard; deletions recompute): a
   * flagged run counts nowhere, and an event bound to a course takes only completed runs of it.
   * Equal to `recompute` after the run is saved. Notifies those that just reached their targets.
   */
  async countRun(
    manager: EntityManager,
    run: {
      userId: string;
      finishedAt: Date;
      distanceMeters: number;
      activityType: string;
      isFlagged: boolean;
      courseId: string | null;
      courseCompleted: boolean;
    },
    enqueue?: Enqueue,
  ): Promise<NewlyCompleted[]> {
    if (run.isFlagged) return [];
    const completed = await queryPreparedIn<NewlyCompleted & { title: string }>(manager, COUNT_RUN, [
      run.userId,
      run.finishedAt,
      run.courseId,
      run.courseCompleted,
      run.distanceMeters,
      run.activityType,
      countsAsRun(run.activityType),
    ]);
    return this.notifyCompleted(manager, completed, enqueue);
  }

  private async notifyCompleted(
    manager: EntityManager,
    completed: Array<NewlyCompleted & { title: string }>,
    enqueue: Enqueue | undefined,
  ): Promise<NewlyCompleted[]> {
    for (const row of completed) {
      await this.notifications.notify(
        manager,
        eventNotices.completed({ id: row.event_id, title: row.title }, row.user_id),
        enqueue,
      );
    }
    return completed.map(({ event_id, user_id }) => ({ event_id, user_id }));
  }

  private async recomputeRows(
    manager: EntityManager,
    eventIds: string[],
    userId: string | null,
  ): Promise<Array<NewlyCompleted & { title: string }>> {
    return (await manager.query(
      `WITH before AS (
         SELECT p.id, p.completed FROM event_participants p
           JOIN events fe ON fe.id = p.event_id AND fe.course_deleted_at IS NULL
          WHERE p.event_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR p.user_id = $2)
          ORDER BY p.id
          FOR UPDATE
       ), progress AS (
         SELECT p.id, e.target_distance_meters, e.target_runs,
                COALESCE(sum(r.distance_meters), 0)::int AS distance, count(r.id)::int AS runs
           FROM event_participants p
           JOIN before b ON b.id = p.id
           JOIN events e ON e.id = p.event_id
           LEFT JOIN run_records r
             ON r.user_id = p.user_id AND r.finished_at BETWEEN e.starts_at AND e.ends_at AND NOT r.is_flagged
            AND r.events_at IS NOT NULL -- a run waiting for its pipeline is added by it
            AND (e.course_id IS NULL OR (r.course_id = e.course_id AND r.course_completed IS TRUE))
            AND (CASE WHEN e.activity_types IS NULL THEN ${countedActivitySql('r.activity_type')}
                      ELSE r.activity_type = ANY(e.activity_types) END)
          GROUP BY p.id, e.target_distance_meters, e.target_runs
       ), judged AS (
         SELECT id, distance, runs,
                ((target_distance_meters IS NULL OR distance >= target_distance_meters)
                 AND (target_runs IS NULL OR runs >= target_runs)
                 AND (target_distance_meters IS NOT NULL OR target_runs IS NOT NULL OR runs >= 1)) AS reached
           FROM progress
       ), updated AS (
         UPDATE event_participants p
            SET progress_distance_meters = j.distance, progress_runs = j.runs, completed = j.reached,
                completed_at = CASE WHEN j.reached THEN COALESCE(p.completed_at, now()) ELSE NULL END
           FROM judged j
          WHERE p.id = j.id
         RETURNING p.id, p.event_id, p.user_id, p.completed
       )
       SELECT u.event_id, u.user_id, e.title FROM updated u JOIN before b ON b.id = u.id JOIN events e ON e.id = u.event_id
        WHERE u.completed AND NOT b.completed`,
      [eventIds, userId],
    )) as Array<NewlyCompleted & { title: string }>;
  }

  /** Every event of the user whose window contains `at` (not cancelled): those a run then counts for. */
  async eventsOfUserAt(manager: EntityManager, userId: string, at: Date): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT e.id FROM events e JOIN event_participants p ON p.event_id = e.id AND p.user_id = $1
        WHERE e.starts_at <= $2 AND e.ends_at >= $2 AND e.cancelled_at IS NULL AND e.course_deleted_at IS NULL`,
      [userId, at],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Recomputes (and notifies) the user's events that a run finished at `finishedAt` counts for. */
  async recomputeForRun(
    manager: EntityManager,
    userId: string,
    finishedAt: Date,
    enqueue?: Enqueue,
  ): Promise<NewlyCompleted[]> {
    return this.recompute(manager, await this.eventsOfUserAt(manager, userId, finishedAt), userId, enqueue);
  }
}
