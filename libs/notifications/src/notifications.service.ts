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

    await this.enqueuePush(manager, notification.id, enqueue);
    return notification;
  }

  /**
   * One notification per recipient and `aggregateKey` (e.g. a course and a day), updated rather
   * than repeated: the first call writes it and pushes it; later calls with the same key rewrite
   * its title, body and data from `compose(previous data)` and make it unread again, without a
   * second push. Same actor and block rules as `notify`. Returns what it did.
   */
  async notifyAggregated<D extends object>(
    manager: EntityManager,
    intent: Omit<NotificationIntent, 'title' | 'body' | 'data' | 'dedupeKey' | 'dedupeWindowSeconds'> & {
      aggregateKey: string;
    },
    compose: (previous: D | null) => { title: string; body: string; data: D },
    enqueue?: Enqueue,
  ): Promise<'created' | 'updated' | null> {
    const actorId = intent.actorId ?? null;
    if (actorId !== null && actorId === intent.userId) return null;
    const key = intent.aggregateKey.slice(0, DEDUPE_KEY_MAX);
    // Lock first, in a statement of its own: the next one's snapshot then sees a concurrent notice.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `notification:${intent.userId}:${key}`,
    ]);
    const [state] = (await manager.query(
      `SELECT EXISTS (SELECT 1 FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2) AS blocked,
              (SELECT json_build_object('id', id, 'data', data) FROM notifications
                WHERE user_id = $1 AND dedupe_key = $3 ORDER BY created_at DESC LIMIT 1) AS existing`,
      [intent.userId, actorId, key],
    )) as Array<{ blocked: boolean; existing: { id: string; data: D | null } | null }>;
    if (state.blocked) return null;
    const text = compose(state.existing?.data ?? null);
    const title = text.title.slice(0, TITLE_MAX);
    const body = text.body.slice(0, BODY_MAX);
    if (state.existing) {
      await manager.query(
        `UPDATE notifications SET title = $2, body = $3, data = $4, actor_id = $5, is_read = false, read_at = NULL
          WHERE id = $1`,
        [state.existing.id, title, body, JSON.stringify(text.data), actorId],
      );
      return 'updated';
    }
    const [row] = (await manager.query(
      `INSERT INTO notifications (user_id, actor_id, type, target_type, target_id, title, body, data, dedupe_key, push_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') RETURNING id`,
      [
        intent.userId,
        actorId,
        intent.type,
        intent.targetType ?? null,
        intent.targetId ?? null,
        title,
        body,
        JSON.stringify(text.data),
        key,
      ],
    )) as Array<{ id: string }>;
    await this.enqueuePush(manager, row.id, enqueue);
    return 'created';
  }

  private async enqueuePush(
    manager: EntityManager,
    notificationId: string,
    enqueue?: Enqueue,
  ): Promise<void> {
    const payload = { notificationId };
    if (enqueue) await enqueue(QueueName.Notifications, payload);
    else await this.outbox.enqueue(manager, QueueName.Notifications, payload);
  }
}
