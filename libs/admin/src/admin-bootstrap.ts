import { isUuid } from '@runvs/common';
import { inTransaction } from '@runvs/database';
import { generateUserCode } from '@runvs/identity';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Who becomes admin: an existing account by id or user code, or an email — which must name exactly
 * one account, whose email a sign-in provider verified (or no account at all: one is created).
 */
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
 * Idempotent; promoting also lifts a ban, since an admin must be able to sign in. Accounts are
 * never merged by email, so several can share one, and an account's email is not always one a
 * provider vouched for (dev login takes any address). `--email` therefore promotes only when it is
 * unambiguous: exactly one account has that email (case-insensitively) and a sign-in provider
 * verified it for that account (or the account is already admin); several matches, or one
 * unverified match, are refused with the candidates' ids so the operator picks one with `--id` or
 * `--user-code`. An email that matches no account creates one with that email (reachable by dev
 * login, or by a provider login only if that provider vouches for the same email).
 */
export async function createOrPromoteAdmin(
  dataSource: DataSource,
  target: AdminTarget,
): Promise<AdminBootstrapResult> {
  return inTransaction(dataSource, async (manager) => {
    if ('email' in target) {
      const email = target.email.trim();
      // Two concurrent calls for one new email must not create two accounts.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('admin-create:' || lower($1)))`, [email]);
      const matches = (await manager.query(
        `SELECT u.id, u.email, u.user_code, u.role,
                EXISTS (SELECT 1 FROM social_accounts s
                         WHERE s.user_id = u.id AND lower(s.provider_email) = lower(u.email)) AS verified
           FROM users u WHERE lower(u.email) = lower($1) ORDER BY u.created_at FOR UPDATE OF u`,
        [email],
      )) as Array<Candidate & { verified: boolean }>;
      if (matches.length > 1) {
        throw new Error(
          `${matches.length} accounts have the email ${email}: ${matches.map(describe).join(', ')}; ` +
            'choose one with --id or --user-code',
        );
      }
      if (matches.length === 1) {
        const [user] = matches;
        if (!user.verified && user.role !== 'admin') {
          throw new Error(
            `the account with the email ${email} (${describe(user)}) has no email verified by a sign-in ` +
              'provider; promote it with --id or --user-code if it is the right one',
          );
        }
        return promote(manager, user);
      }
      return create(manager, email, target.nickname);
    }
    const invalidId = 'id' in target && !isUuid(target.id);
    const [where, value] =
      'id' in target ? ['id = $1', target.id] : ['user_code = $1', target.userCode.trim().toUpperCase()];
    const found = invalidId
      ? []
      : ((await manager.query(`SELECT id, email, user_code, role FROM users WHERE ${where} FOR UPDATE`, [
          value,
        ])) as Candidate[]);
    if (found.length === 0) throw new Error(`no user with ${'id' in target ? 'id' : 'user code'} ${value}`);
    return promote(manager, found[0]);
  });
}

interface Candidate {
  id: string;
  email: string | null;
  user_code: string;
  role: string;
}

const describe = (user: Candidate) => `id=${user.id} user_code=${user.user_code}`;

async function promote(manager: EntityManager, user: Candidate): Promise<AdminBootstrapResult> {
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

async function create(
  manager: EntityManager,
  email: string,
  nickname: string | undefined,
): Promise<AdminBootstrapResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const rows = (await manager.query(
      `INSERT INTO users (user_code, email, nickname, role) VALUES ($1, $2, $3, 'admin')
         ON CONFLICT (user_code) DO NOTHING RETURNING id, email, user_code`,
      [generateUserCode(), email, nickname ?? null],
    )) as Array<{ id: string; email: string; user_code: string }>;
    if (rows.length > 0) return { ...rows[0], outcome: 'created' };
  }
  throw new Error('no free user code');
}
