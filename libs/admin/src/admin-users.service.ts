import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type Page, toPage, isUuid } from '@runvs/common';
import { inTransaction, type UserRole } from '@runvs/database';
import { AuthStateService, TokenService } from '@runvs/identity';
import { DataSource, type EntityManager } from 'typeorm';
import type { AdminUserItem, AdminUserQuery } from './admin.types';

const USER_SELECT = `SELECT u.id, u.user_code, u.email, u.nickname, u.avatar_url, u.role, u.is_banned, u.banned_reason,
    u.banned_at, u.banned_until, u.banned_by_id, u.total_runs, u.total_distance_meters::float8 AS total_distance_meters,
    (SELECT count(*)::int FROM reports r WHERE r.target_type = 'user' AND r.target_id = u.id AND r.status = 'open')
      AS open_reports,
    u.created_at
  FROM users u`;

type UserRow = Omit<AdminUserItem, 'banned_at' | 'banned_until' | 'created_at'> & {
  banned_at: Date | null;
  banned_until: Date | null;
  created_at: Date;
};

const toItem = (row: UserRow): AdminUserItem => ({
  ...row,
  banned_at: row.banned_at?.toISOString() ?? null,
  banned_until: row.banned_until?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
});

/**
 * Accounts as admins manage them: search, ban/unban, role. Every change reaches the very next
 * request of the user (the cached auth state is invalidated after the commit); a ban also revokes
 * the user's refresh tokens.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authState: AuthStateService,
    private readonly tokens: TokenService,
  ) {}

  async list(query: AdminUserQuery): Promise<Page<AdminUserItem>> {
    const params: unknown[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (query.q) {
      const needle = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const like = add(needle);
      const clauses = [
        `lower(u.nickname) LIKE ${like}`,
        `lower(u.email) LIKE ${like}`,
        `lower(u.user_code) LIKE ${like}`,
      ];
      if (isUuid(query.q)) clauses.push(`u.id = ${add(query.q)}`);
      where.push(`(${clauses.join(' OR ')})`);
    }
    if (query.role) where.push(`u.role = ${add(query.role)}`);
    if (query.banned !== undefined) where.push(`u.is_banned = ${add(query.banned)}`);
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM users u ${filter}`,
      params,
    )) as Array<{
      total: number;
    }>;
    const rows = (await this.dataSource.query(
      `${USER_SELECT} ${filter} ORDER BY u.created_at DESC, u.id LIMIT ${add(query.perPage)} OFFSET ${add(query.page * query.perPage)}`,
      params,
    )) as UserRow[];
    return toPage(rows.map(toItem), total, query);
  }

  async get(userId: string, manager: EntityManager = this.dataSource.manager): Promise<AdminUserItem> {
    const [row] = (await manager.query(`${USER_SELECT} WHERE u.id = $1`, [userId])) as UserRow[];
    if (!row) throw notFound('User');
    return toItem(row);
  }

  /** Bans a runner (optionally until a date). Admins cannot be banned: demote them first. */
  async ban(adminId: string, userId: string, reason: string, until: Date | null): Promise<AdminUserItem> {
    const banned = await inTransaction(this.dataSource, async (manager) => {
      const target = await this.lock(manager, userId);
      if (target.id === adminId) throw new DomainError('CONFLICT', 'You cannot ban yourself.');
      if (target.role === 'admin')
        throw new DomainError('CONFLICT', 'Administrators cannot be banned; change the role first.');
      if (until !== null && until.getTime() <= Date.now()) {
        throw new DomainError('VALIDATION_ERROR', 'Invalid request: until', {
          fields: [{ field: 'until', messages: ['until must be in the future'] }],
        });
      }
      await manager.query(
        `UPDATE users SET is_banned = true, banned_reason = $2, banned_at = now(), banned_until = $3, banned_by_id = $4
          WHERE id = $1`,
        [userId, reason, until, adminId],
      );
      // Refresh tokens die with the ban: a banned app cannot even renew its access token.
      await this.tokens.revokeForBan(manager, userId);
      return this.get(userId, manager);
    });
    await this.authState.invalidateUser(userId);
    return banned;
  }

  async unban(userId: string): Promise<AdminUserItem> {
    const unbanned = await inTransaction(this.dataSource, async (manager) => {
      const target = await this.lock(manager, userId);
      if (!target.is_banned) throw new DomainError('NOT_BANNED', 'This user is not banned.');
      await this.liftBanInTransaction(manager, userId);
      return this.get(userId, manager);
    });
    await this.authState.invalidateUser(userId);
    return unbanned;
  }

  /**
   * Clears a user's ban inside the caller's transaction (the user row locked by the caller). Call
   * `AuthStateService.invalidateUser` after the commit, as `unban` does.
   */
  async liftBanInTransaction(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE users SET is_banned = false, banned_reason = NULL, banned_at = NULL, banned_until = NULL, banned_by_id = NULL
        WHERE id = $1`,
      [userId],
    );
  }

  /** Changes a role; the last admin cannot be demoted, a banned user cannot be promoted. */
  async setRole(userId: string, role: UserRole): Promise<AdminUserItem> {
    const changed = await inTransaction(this.dataSource, async (manager) => {
      // One role change at a time, so two admins demoting each other cannot leave none.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('admin:roles'))`);
      const target = await this.lock(manager, userId);
      if (target.role === role) return this.get(userId, manager);
      if (role === 'admin' && target.is_banned) {
        throw new DomainError('CONFLICT', 'Unban this user before making them an administrator.');
      }
      if (role === 'user') {
        const [{ admins }] = (await manager.query(
          `SELECT count(*)::int AS admins FROM users WHERE role = 'admin'`,
        )) as Array<{
          admins: number;
        }>;
        if (admins <= 1) throw new DomainError('CONFLICT', 'The last administrator cannot be demoted.');
      }
      await manager.query(`UPDATE users SET role = $2 WHERE id = $1`, [userId, role]);
      return this.get(userId, manager);
    });
    await this.authState.invalidateUser(userId);
    return changed;
  }

  private async lock(
    manager: EntityManager,
    userId: string,
  ): Promise<{ id: string; role: UserRole; is_banned: boolean }> {
    const [row] = (await manager.query(`SELECT id, role, is_banned FROM users WHERE id = $1 FOR UPDATE`, [
      userId,
    ])) as Array<{
      id: string;
      role: UserRole;
      is_banned: boolean;
    }>;
    if (!row) throw notFound('User');
    return row;
  }
}
