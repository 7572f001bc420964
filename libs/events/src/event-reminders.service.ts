import { Injectable, Logger } from '@nestjs/common';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { eventNotices } from './event-notices';
import { EVENT_REMINDER_LEAD_MINUTES } from './events.rules';

/** An event whose participants are due a reminder, claimed by this run of the task. */
interface ClaimedReminder {
  event_id: string;
  title: string;
  starts_at: Date;
  participant_ids: string[];
}

/** Events claimed per transaction (a big batch would hold the locks for long). */
const BATCH = 50;

/**
 * Reminds participants shortly before an event starts (the `event-reminders` maintenance task).
 * Each due event is claimed by stamping `reminder_sent_at` in the same transaction that writes the
 * reminders, so a repeated or concurrent run of the task reminds once; SKIP LOCKED lets two
 * workers share the work.
 */
@Injectable()
export class EventRemindersService {
  private readonly logger = new Logger(EventRemindersService.name);

  constructor(
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Sends every due reminder; returns how many participants were reminded. */
  async sendDue(): Promise<number> {
    let reminded = 0;
    for (;;) {
      const sent = await this.outbox.transaction(async (manager, enqueue) => {
        const claimed = await this.claimDue(manager);
        let count = 0;
        for (const event of claimed) {
          const minutesLeft = Math.round((event.starts_at.getTime() - Date.now()) / 60_000);
          for (const userId of event.participant_ids) {
            if (
              await this.notifications.notify(
                manager,
                eventNotices.reminder(event, userId, minutesLeft),
                enqueue,
              )
            ) {
              count += 1;
            }
          }
        }
        return { events: claimed.length, count };
      });
      reminded += sent.count;
      if (sent.events < BATCH) break;
    }
    if (reminded > 0) this.logger.log(`event reminders sent: ${reminded}`);
    return reminded;
  }

  /** Claims active events starting within the lead time that have not been reminded yet. */
  private async claimDue(manager: EntityManager): Promise<ClaimedReminder[]> {
    const [rows] = (await manager.query(
      `WITH due AS (
         SELECT id FROM events
          WHERE is_active AND reminder_sent_at IS NULL
            AND starts_at > now() AND starts_at <= now() + make_interval(mins => $1)
          ORDER BY starts_at, id
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       UPDATE events e SET reminder_sent_at = now()
         FROM due WHERE e.id = due.id
       RETURNING e.id AS event_id, e.title, e.starts_at,
                 ARRAY(SELECT p.user_id FROM event_participants p WHERE p.event_id = e.id ORDER BY p.joined_at)::text[]
                   AS participant_ids`,
      [EVENT_REMINDER_LEAD_MINUTES, BATCH],
    )) as [ClaimedReminder[], number];
    // (TypeORM answers UPDATE … RETURNING on PostgreSQL with [rows, affectedCount].)
    return rows;
  }
}
