import { DomainError } from '@runvs/common';
import { isUniqueViolation } from '@runvs/database';
import type { EntityManager } from 'typeorm';
import { generateUserCode } from './user-code';

const USER_CODE_ATTEMPTS = 5;

export interface CreatedUser {
  id: string;
  user_code: string;
  email: string | null;
  nickname: string | null;
}

/**
 * Inserts a user with a fresh unique `user_code` (a clash — odds 1 in 10^12 per existing user —
 * is retried with a new code, without aborting the caller's transaction). A nickname someone
 * else holds (case-insensitively) is 409 DUPLICATE_NICKNAME.
 */
export async function insertUser(
  manager: EntityManager,
  values: { email: string | null; nickname?: string | null },
): Promise<CreatedUser> {
  if (values.nickname && (await nicknameTaken(manager, values.nickname))) throw duplicateNickname();
  for (let attempt = 1; attempt <= USER_CODE_ATTEMPTS; attempt++) {
    let rows: CreatedUser[];
    try {
      rows = (await manager.query(
        `INSERT INTO users (user_code, email, nickname) VALUES ($1, $2, $3)
         ON CONFLICT (user_code) DO NOTHING
         RETURNING id, user_code, email, nickname`,
        [generateUserCode(), values.email, values.nickname ?? null],
      )) as CreatedUser[];
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_nickname_lower')) throw duplicateNickname();
      throw error;
    }
    if (rows.length > 0) return rows[0];
  }
  throw new Error(`no free user_code after ${USER_CODE_ATTEMPTS} attempts`);
}

/** Whether another user (than `exceptUserId`) holds the nickname, case-insensitively. */
export async function nicknameTaken(
  manager: EntityManager,
  nickname: string,
  exceptUserId?: string,
): Promise<boolean> {
  const rows = (await manager.query(
    `SELECT 1 FROM users WHERE lower(nickname) = lower($1) AND ($2::uuid IS NULL OR id <> $2) LIMIT 1`,
    [nickname, exceptUserId ?? null],
  )) as unknown[];
  return rows.length > 0;
}

export function duplicateNickname(): DomainError {
  return new DomainError('DUPLICATE_NICKNAME', 'This nickname is already taken.', { fields: ['nickname'] });
}
