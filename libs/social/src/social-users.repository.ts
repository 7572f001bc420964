import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Who a user is and whether two users blocked each other, as the social graph needs it. */
@Injectable()
export class SocialUsersRepository {
  async userExists(manager: EntityManager, userId: string): Promise<{ nickname: string | null } | null> {
    const [row] = (await manager.query(`SELECT nickname FROM users WHERE id = $1`, [userId])) as Array<{
      nickname: string | null;
    }>;
    return row ?? null;
  }

  /** True when either user blocked the other. */
  async blockedEitherWay(manager: EntityManager, a: string, b: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM user_blocks
        WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)
        LIMIT 1`,
      [a, b],
    );
    return rows.length > 0;
  }
}
