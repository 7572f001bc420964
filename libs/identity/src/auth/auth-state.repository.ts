import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UserRole } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';

/** What a request needs to know about its user and session, as stored. */
export interface StoredAuthState {
  role: UserRole;
  isBanned: boolean;
  bannedReason: string | null;
  bannedUntil: Date | null;
  /** The session was signed out, or ended by refresh-token reuse. */
  sessionEnded: boolean;
}

/** Revocation reasons that end a whole session (its access tokens stop at once). */
export const SESSION_ENDING_REASONS = ['logout', 'reuse'] as const;

@Injectable()
export class AuthStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The user's role and ban and whether the session ended; null when the user does not exist. */
  async load(userId: string, sessionId: string): Promise<StoredAuthState | null> {
    const [row] = (await this.dataSource.query(
      `SELECT u.role, u.is_banned, u.banned_reason, u.banned_until,
              EXISTS (SELECT 1 FROM refresh_tokens t
                       WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_reason = ANY($3)) AS ended
         FROM users u WHERE u.id = $1`,
      [userId, sessionId, SESSION_ENDING_REASONS],
    )) as Array<{
      role: UserRole;
      is_banned: boolean;
      banned_reason: string | null;
      banned_until: Date | null;
      ended: boolean;
    }>;
    if (!row) return null;
    return {
      role: row.role,
      isBanned: row.is_banned,
      bannedReason: row.banned_reason,
      bannedUntil: row.banned_until,
      sessionEnded: row.ended,
    };
  }

  /**
   * Sessions of the user that may still hold a live access token: those that issued a token within
   * the last access-token lifetime.
   */
  async recentSessions(manager: EntityManager, userId: string, withinSeconds: number): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT family_id FROM refresh_tokens
        WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)`,
      [userId, withinSeconds],
    )) as Array<{ family_id: string }>;
    return rows.map((row) => row.family_id);
  }
}
