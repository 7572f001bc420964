import { Injectable } from '@nestjs/common';
import { NotificationEntity } from '@runvs/database';
import { type Enqueue, OutboxService, QueueName } from '@runvs/queue';
import type { EntityManager } from 'typeorm';
import { DEFAULT_DEDUPE_WINDOW_SECONDS, type NotificationIntent } from './notification-types';

const TITLE_MAX = 200;
const BODY_MAX = 500;
const DEDUPE_KEY_MAX = 200;

/**
 * Writes in-app notifications and their push job. Every domain that notifies calls `notify`
 * inside its own transaction, so the inbox row, the push job and the data that caused them commit
 * or roll back together (the no-loss rule).
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * Writes the inbox entry for `intent.userId` and enqueues its push delivery, in the caller's
   * transaction (`manager`). Returns null — and writes nothing — when the actor is the recipient,
   * when the recipient has blocked the actor, or when the same `dedupeKey` was already notified to
   * the recipient within the window.
   *
   * Pass the `enqueue` of `OutboxService.transaction` when you have it: the push job is then
   * published right after the commit; otherwise the outbox relay publishes it (within about a
   * second).
   */
  async notify(
    manager: EntityManager,
    intent: NotificationIntent,
    enqueue?: Enqueue,
  ): Promise<NotificationEntity | null> {
    const actorId = intent.actorId ?? null;
    if (actorId !== null && actorId === intent.userId) return null;

    if (actorId !== null) {
      const blocked: unknown[] = await manager.query(
        `SELECT 1 FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2`,
        [intent.userId, actorId],
      );
      if (blocked.length > 0) return null;
    }

    const dedupeKey = intent.dedupeKey ? intent.dedupeKey.slice(0, DEDUPE_KEY_MAX) : null;
    if (dedupeKey !== null) {
      // Serialise notifies of one key for one recipient, so two concurrent likes still notify once.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `notification:${intent.userId}:${dedupeKey}`,
      ]);
      const windowSeconds = intent.dedupeWindowSeconds ?? DEFAULT_DEDUPE_WINDOW_SECONDS;
      const recent: unknown[] = await manager.query(
        `SELECT 1 FROM notifications
          WHERE user_id = $1 AND dedupe_key = $2
            AND created_at > clock_timestamp() - make_interval(secs => $3)
          LIMIT 1`,
        [intent.userId, dedupeKey, windowSeconds],
      );
      if (recent.length > 0) return null;
    }

    const notification = await manager.save(
      NotificationEntity,
      manager.create(NotificationEntity, {
        userId: intent.userId,
        actorId,
        type: intent.type,
        targetType: intent.targetType ?? null,
        targetId: intent.targetId ?? null,
        title: intent.title.slice(0, TITLE_MAX),
        body: intent.body.slice(0, BODY_MAX),
        data: intent.data ?? null,
        dedupeKey,
        pushStatus: 'pending',
      }),
    );

    const payload = { notificationId: notification.id };
    if (enqueue) await enqueue(QueueName.Notifications, payload);
    else await this.outbox.enqueue(manager, QueueName.Notifications, payload);
    return notification;
  }
}
