import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AdminBanAppealItem, BanAppealQuery, BanAppealStatus } from './admin.types';

interface AppealRow {
  id: string;
  user_id: string;
  ban_started_at: Date;
  ban_reason: string | null;
  ban_until: Date | null;
  message: string;
  status: BanAppealStatus;
  response: string | null;
  answered_by_id: string | null;
  answered_at: Date | null;
  created_at: Date;
  user_code: string;
  nickname: string | null;
  avatar_url: string | null;
  is_banned: boolean;
}

const SELECT = `SELECT a.id, a.user_id, a.ban_started_at, a.ban_reason, a.ban_until, a.message, a.status, a.response,
    a.answered_by_id, a.answered_at, a.created_at, u.user_code, u.nickname, u.avatar_url, u.is_banned
  FROM ban_appeals a JOIN users u ON u.id = a.user_id`;

export function toAdminItem(row: AppealRow): AdminBanAppealItem {
  return {
    id: row.id,
    status: row.status,
    message: row.message,
    ban: {
      reason: row.ban_reason,
      banned_at: row.ban_started_at.toISOString(),
      banned_until: row.ban_until?.toISOString() ?? null,
    },
    response: row.response,
    answered_at: row.answered_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    user: {
      id: row.user_id,
      user_code: row.user_code,
      nickname: row.nickname,
      avatar_url: row.avatar_url,
      is_banned: row.is_banned,
    },
    answered_by_id: row.answered_by_id,
  };
}

/** The user's ban as it stands (a user row locked for the rest of the transaction). */
export interface CurrentBan {
  is_banned: boolean;
  banned_at: Date | null;
  banned_reason: string | null;
  banned_until: Date | null;
  nickname: string | null;
}

/** SQL of ban appeals (libs/admin owns the table). */
@Injectable()
export class BanAppealsRepository {
  async lockUserBan(manager: EntityManager, userId: string): Promise<CurrentBan | null> {
    const [row] = (await manager.query(
      `SELECT is_banned, banned_at, banned_reason, banned_until, nickname FROM users WHERE id = $1 FOR UPDATE`,
      [userId],
    )) as CurrentBan[];
    return row ?? null;
  }

  /** Inserts the appeal of one ban; null when that ban was already appealed. */
  async insert(
    manager: EntityManager,
    values: {
      userId: string;
      banStartedAt: Date;
      banReason: string | null;
      banUntil: Date | null;
      message: string;
    },
  ): Promise<string | null> {
    const [row] = (await manager.query(
      `INSERT INTO ban_appeals (user_id, ban_started_at, ban_reason, ban_until, message)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, ban_started_at) DO NOTHING
       RETURNING id`,
      [values.userId, values.banStartedAt, values.banReason, values.banUntil, values.message],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<AppealRow | null> {
    const [row] = (await manager.query(`${SELECT} WHERE a.id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [
      id,
    ])) as AppealRow[];
    return row ?? null;
  }

  /** The user's appeal of the ban that started at `banStartedAt`, else their latest one. */
  async latestOf(manager: EntityManager, userId: string): Promise<AppealRow | null> {
    const [row] = (await manager.query(
      `${SELECT} WHERE a.user_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT 1`,
      [userId],
    )) as AppealRow[];
    return row ?? null;
  }

  async answer(
    manager: EntityManager,
    id: string,
    values: { status: 'upheld' | 'lifted'; response: string | null; adminId: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE ban_appeals SET status = $2, response = $3, answered_by_id = $4, answered_at = now() WHERE id = $1`,
      [id, values.status, values.response, values.adminId],
    );
  }

  /** Oldest first (the queue order); `status` filters. */
  async list(
    manager: EntityManager,
    query: BanAppealQuery,
  ): Promise<{ rows: AdminBanAppealItem[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      manager.query(
        `${SELECT} WHERE ($1::varchar IS NULL OR a.status = $1) ORDER BY a.created_at, a.id LIMIT $2 OFFSET $3`,
        [query.status ?? null, query.perPage, query.page * query.perPage],
      ) as Promise<AppealRow[]>,
      manager.query(
        `SELECT count(*)::int AS total FROM ban_appeals a WHERE ($1::varchar IS NULL OR a.status = $1)`,
        [query.status ?? null],
      ) as Promise<Array<{ total: number }>>,
    ]);
    return { rows: rows.map(toAdminItem), total: count.total };
  }
}
