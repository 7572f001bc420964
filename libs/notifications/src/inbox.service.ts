import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { notFound, offsetOf, type PageRequest } from '@runvs/common';
import { DataSource } from 'typeorm';
import type { InboxItem, InboxPage } from './inbox.types';

interface InboxRow {
  id: string;
  type: string;
  actor_id: string | null;
  actor_nickname: string | null;
  actor_avatar_url: string | null;
  target_id: string | null;
  target_type: string | null;
  title: string | null;
  body: string | null;
  data: Record<string, unknown> | null;
  is_read: boolean;
  created_at: Date;
}

/** The in-app inbox: always the caller's own notifications, newest first. */
@Injectable()
export class InboxService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(userId: string, page: PageRequest): Promise<InboxPage> {
    const [rows, [counts]] = await Promise.all([
      this.dataSource.query(
        `SELECT n.id, n.type, n.actor_id, a.nickname AS actor_nickname, a.avatar_url AS actor_avatar_url,
                n.target_id, n.target_type, n.title, n.body, n.data, n.is_read, n.created_at
           FROM notifications n
           LEFT JOIN users a ON a.id = n.actor_id
          WHERE n.user_id = $1
          ORDER BY n.created_at DESC, n.id DESC
          LIMIT $2 OFFSET $3`,
        [userId, page.perPage, offsetOf(page)],
      ) as Promise<InboxRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE NOT is_read)::int AS unread
           FROM notifications WHERE user_id = $1`,
        [userId],
      ) as Promise<Array<{ total: number; unread: number }>>,
    ]);
    return {
      data: rows.map(toInboxItem),
      total_count: counts.total,
      has_next: (page.page + 1) * page.perPage < counts.total,
      unread_count: counts.unread,
    };
  }

  /** One inbox entry as the list shows it (the live socket sends it when it arrives); null when gone. */
  async item(notificationId: string): Promise<InboxItem | null> {
    const [row] = (await this.dataSource.query(
      `SELECT n.id, n.type, n.actor_id, a.nickname AS actor_nickname, a.avatar_url AS actor_avatar_url,
              n.target_id, n.target_type, n.title, n.body, n.data, n.is_read, n.created_at
         FROM notifications n
         LEFT JOIN users a ON a.id = n.actor_id
        WHERE n.id = $1`,
      [notificationId],
    )) as InboxRow[];
    return row ? toInboxItem(row) : null;
  }

  async unreadCount(userId: string): Promise<{ count: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND NOT is_read`,
      [userId],
    )) as Array<{ count: number }>;
    return { count: row.count };
  }

  /** Marks one of my notifications read (idempotent); someone else's is not found. */
  async markRead(userId: string, notificationId: string): Promise<void> {
    const rows = (await this.dataSource.query(
      `UPDATE notifications SET is_read = true, read_at = coalesce(read_at, now())
        WHERE id = $1 AND user_id = $2
        RETURNING id`,
      [notificationId, userId],
    )) as [unknown[], number];
    if (rows[1] === 0) throw notFound('Notification');
  }

  /** Marks all my notifications read; returns how many changed. */
  async markAllRead(userId: string): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      `UPDATE notifications SET is_read = true, read_at = now() WHERE user_id = $1 AND NOT is_read`,
      [userId],
    )) as [unknown, number];
    return affected;
  }
}

function toInboxItem(row: InboxRow): InboxItem {
  return {
    id: row.id,
    type: row.type,
    actor: row.actor_id
      ? { id: row.actor_id, nickname: row.actor_nickname, avatar_url: row.actor_avatar_url }
      : null,
    target_id: row.target_id,
    target_type: row.target_type,
    title: row.title,
    body: row.body,
    data: row.data,
    is_read: row.is_read,
    created_at: row.created_at,
  };
}
