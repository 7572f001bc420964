import { inTransaction } from '@runvs/database';
import { generateUserCode } from '@runvs/identity';
import type { DataSource } from 'typeorm';

/** Who becomes admin: an existing account by id or user code, or an email (created if new). */
export type AdminTarget = { id: string } | { userCode: string } | { email: string; nickname?: string };

export interface AdminBootstrapResult {
  id: string;
  email: string | null;
  user_code: string;
  outcome: 'created' | 'promoted' | 'already-admin';
}

/**
 * The first admin (and any later one) comes from the command line or config, never from an open
 * endpoint: `npm run admin:create -- --email …` (or `--id`, `--user-code`, or INITIAL_ADMIN_EMAIL).
 * Idempotent; promoting also lifts a ban, since an admin must be able to sign in. An email that
 * matches no account creates one with that email (reachable by dev login, or by a provider login
 * only if that provider vouches for the same email — accounts are never merged by email, so for a
 * runner who already signed in prefer `--id` or `--user-code`).
 */
export async function createOrPromoteAdmin(
  dataSource: DataSource,
  target: AdminTarget,
): Promise<AdminBootstrapResult> {
  return inTransaction(dataSource, async (manager) => {
    let where: string;
    let value: string;
    if ('id' in target) [where, value] = ['id = $1', target.id];
    else if ('userCode' in target) [where, value] = ['user_code = $1', target.userCode.toUpperCase()];
    else [where, value] = ['lower(email) = lower($1)', target.email.trim()];
    const found = (await manager.query(
      `SELECT id, email, user_code, role FROM users WHERE ${where} ORDER BY created_at LIMIT 1 FOR UPDATE`,
      [value],
    )) as Array<{ id: string; email: string | null; user_code: string; role: string }>;
    if (found.length > 0) {
      const user = found[0];
      if (user.role === 'admin')
        return { id: user.id, email: user.email, user_code: user.user_code, outcome: 'already-admin' };
      await manager.query(
        `UPDATE users SET role = 'admin', is_banned = false, banned_reason = NULL, banned_at = NULL, banned_until = NULL,
                banned_by_id = NULL
          WHERE id = $1`,
        [user.id],
      );
      return { id: user.id, email: user.email, user_code: user.user_code, outcome: 'promoted' };
    }
    if (!('email' in target)) throw new Error(`no user with ${'id' in target ? 'id' : 'user code'} ${value}`);
    for (let attempt = 0; attempt < 5; attempt++) {
      const rows = (await manager.query(
        `INSERT INTO users (user_code, email, nickname, role) VALUES ($1, $2, $3, 'admin')
         ON CONFLICT (user_code) DO NOTHING RETURNING id, email, user_code`,
        [generateUserCode(), value, target.nickname ?? null],
      )) as Array<{ id: string; email: string; user_code: string }>;
      if (rows.length > 0) return { ...rows[0], outcome: 'created' };
    }
    throw new Error('no free user code');
  });
}
