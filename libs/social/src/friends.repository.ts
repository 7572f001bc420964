import { Injectable } from '@nestjs/common';
import { offsetOf, type PageRequest } from '@runvs/common';
import type { EntityManager } from 'typeorm';
import type { FriendItem, FriendRequestItem, FriendRequestStatus } from './social.types';

/** The bare row: who asked whom, and where it stands. */
export interface FriendRequestRow {
  id: string;
  requester_id: string;
  recipient_id: string;
  status: FriendRequestStatus;
}

interface ItemRow {
  id: string;
  status: FriendRequestStatus;
  created_at: Date;
  requester_id: string;
  requester_nickname: string | null;
  requester_avatar_url: string | null;
  recipient_id: string;
  recipient_nickname: string | null;
  recipient_avatar_url: string | null;
}

interface FriendRow {
  id: string;
  since: Date;
  user_id: string;
  nickname: string | null;
  avatar_url: string | null;
}

const ITEM_SELECT = `
  SELECT fr.id, fr.status, fr.created_at,
         rq.id AS requester_id, rq.nickname AS requester_nickname, rq.avatar_url AS requester_avatar_url,
         rc.id AS recipient_id, rc.nickname AS recipient_nickname, rc.avatar_url AS recipient_avatar_url
    FROM friend_requests fr
    JOIN users rq ON rq.id = fr.requester_id
    JOIN users rc ON rc.id = fr.recipient_id`;

const toItem = (row: ItemRow): FriendRequestItem => ({
  id: row.id,
  requester: { id: row.requester_id, nickname: row.requester_nickname, avatar_url: row.requester_avatar_url },
  recipient: { id: row.recipient_id, nickname: row.recipient_nickname, avatar_url: row.recipient_avatar_url },
  status: row.status,
  created_at: row.created_at,
});

/** SQL of friend requests and friendships (one `friend_requests` row per pair of users). */
@Injectable()
export class FriendsRepository {
  /**
   * Serialises every change between two users (whichever sends, accepts or removes), so crossing
   * requests and concurrent accepts see each other.
   */
  async lockPair(manager: EntityManager, a: string, b: string): Promise<void> {
    const [low, high] = a < b ? [a, b] : [b, a];
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('friends:' || $1 || ':' || $2))`, [low, high]);
  }

  async between(manager: EntityManager, a: string, b: string): Promise<FriendRequestRow | null> {
    const [row] = (await manager.query(
      `SELECT id, requester_id, recipient_id, status FROM friend_requests
        WHERE (requester_id = $1 AND recipient_id = $2) OR (requester_id = $2 AND recipient_id = $1)`,
      [a, b],
    )) as FriendRequestRow[];
    return row ?? null;
  }

  async byId(manager: EntityManager, id: string): Promise<FriendRequestRow | null> {
    const [row] = (await manager.query(
      `SELECT id, requester_id, recipient_id, status FROM friend_requests WHERE id = $1`,
      [id],
    )) as FriendRequestRow[];
    return row ?? null;
  }

  async item(manager: EntityManager, id: string): Promise<FriendRequestItem> {
    const [row] = (await manager.query(`${ITEM_SELECT} WHERE fr.id = $1`, [id])) as ItemRow[];
    return toItem(row);
  }

  async insert(manager: EntityManager, requesterId: string, recipientId: string): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO friend_requests (requester_id, recipient_id) VALUES ($1, $2) RETURNING id`,
      [requesterId, recipientId],
    )) as Array<{ id: string }>;
    return row.id;
  }

  async accept(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE friend_requests SET status = 'accepted', accepted_at = now() WHERE id = $1 AND status = 'pending'`,
      [id],
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM friend_requests WHERE id = $1`, [id]);
  }

  /** Requests and friendship between two users, both ways (a block ends them). */
  async deleteBetween(manager: EntityManager, a: string, b: string): Promise<void> {
    await manager.query(
      `DELETE FROM friend_requests
        WHERE (requester_id = $1 AND recipient_id = $2) OR (requester_id = $2 AND recipient_id = $1)`,
      [a, b],
    );
  }

  /** Every request and friendship of a user (account deletion). */
  async deleteAllOf(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM friend_requests WHERE requester_id = $1 OR recipient_id = $1`, [userId]);
  }

  /** Pending requests sent to (`received`) or by (`sent`) the user, newest first. */
  async pending(
    manager: EntityManager,
    userId: string,
    side: 'received' | 'sent',
    page: PageRequest,
  ): Promise<{ rows: FriendRequestItem[]; total: number }> {
    const column = side === 'received' ? 'recipient_id' : 'requester_id';
    const [rows, [count]] = await Promise.all([
      manager.query(
        `${ITEM_SELECT}
          WHERE fr.${column} = $1 AND fr.status = 'pending'
          ORDER BY fr.created_at DESC, fr.id DESC
          LIMIT $2 OFFSET $3`,
        [userId, page.perPage, offsetOf(page)],
      ) as Promise<ItemRow[]>,
      manager.query(
        `SELECT count(*)::int AS total FROM friend_requests WHERE ${column} = $1 AND status = 'pending'`,
        [userId],
      ) as Promise<Array<{ total: number }>>,
    ]);
    return { rows: rows.map(toItem), total: count.total };
  }

  /** The user's friends, most recent friendship first. */
  async friends(
    manager: EntityManager,
    userId: string,
    page: PageRequest,
  ): Promise<{ rows: FriendItem[]; total: number }> {
    const [rows, total] = await Promise.all([
      manager.query(
        `SELECT fr.id, fr.accepted_at AS since, u.id AS user_id, u.nickname, u.avatar_url
           FROM friend_requests fr
           JOIN users u ON u.id = CASE WHEN fr.requester_id = $1 THEN fr.recipient_id ELSE fr.requester_id END
          WHERE (fr.requester_id = $1 OR fr.recipient_id = $1) AND fr.status = 'accepted'
          ORDER BY fr.accepted_at DESC, fr.id DESC
          LIMIT $2 OFFSET $3`,
        [userId, page.perPage, offsetOf(page)],
      ) as Promise<FriendRow[]>,
      this.friendsCount(manager, userId),
    ]);
    return {
      rows: rows.map((row) => ({
        id: row.id,
        user: { id: row.user_id, nickname: row.nickname, avatar_url: row.avatar_url },
        since: row.since,
      })),
      total,
    };
  }

  async friendsCount(manager: EntityManager, userId: string): Promise<number> {
    const [row] = (await manager.query(
      `SELECT (SELECT count(*) FROM friend_requests WHERE requester_id = $1 AND status = 'accepted')
            + (SELECT count(*) FROM friend_requests WHERE recipient_id = $1 AND status = 'accepted') AS total`,
      [userId],
    )) as Array<{ total: string }>;
    return Number(row.total);
  }

  async pendingReceivedCount(manager: EntityManager, userId: string): Promise<number> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS total FROM friend_requests WHERE recipient_id = $1 AND status = 'pending'`,
      [userId],
    )) as Array<{ total: number }>;
    return row.total;
  }
}
