import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type Page, type PageRequest, toPage } from '@runvs/common';
import { inTransaction } from '@runvs/database';
import { FollowsService, FriendsService } from '@runvs/social';
import { DataSource } from 'typeorm';
import type { BlockedUserItem } from './moderation.types';

/**
 * A runner blocks another: the follow relations, friend requests and friendship between them are
 * removed both ways (through the social domain, which owns them), the blocked
 * runner can no longer follow the blocker and disappears from the blocker's feed, reviews and
 * notifications (those domains check `user_blocks`).
 */
@Injectable()
export class BlocksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly follows: FollowsService,
    private readonly friends: FriendsService,
  ) {}

  async block(blockerId: string, blockedId: string): Promise<{ blocked: true; user_id: string }> {
    if (blockerId === blockedId) {
      throw new DomainError('VALIDATION_ERROR', 'Invalid request: id', {
        fields: [{ field: 'id', messages: ['you cannot block yourself'] }],
      });
    }
    await inTransaction(this.dataSource, async (manager) => {
      const exists = (await manager.query(`SELECT 1 FROM users WHERE id = $1`, [blockedId])) as unknown[];
      if (exists.length === 0) throw notFound('User');
      const inserted = (await manager.query(
        `INSERT INTO user_blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING blocker_id`,
        [blockerId, blockedId],
      )) as unknown[];
      if (inserted.length === 0) throw new DomainError('ALREADY_BLOCKED', 'You already blocked this runner.');
      await this.follows.removeBetween(manager, blockerId, blockedId);
      await this.friends.removeBetween(manager, blockerId, blockedId);
    });
    return { blocked: true, user_id: blockedId };
  }

  async unblock(blockerId: string, blockedId: string): Promise<void> {
    const [, removed] = (await this.dataSource.query(
      `DELETE FROM user_blocks WHERE blocker_id = $1 AND blocked_id = $2`,
      [blockerId, blockedId],
    )) as [unknown, number];
    if (removed === 0) throw notFound('Block');
  }

  async list(blockerId: string, page: PageRequest): Promise<Page<BlockedUserItem>> {
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM user_blocks WHERE blocker_id = $1`, [
        blockerId,
      ]) as Promise<Array<{ total: number }>>,
      this.dataSource.query(
        `SELECT b.blocked_id AS user_id, u.nickname, u.avatar_url, b.created_at AS blocked_at
           FROM user_blocks b JOIN users u ON u.id = b.blocked_id
          WHERE b.blocker_id = $1
          ORDER BY b.created_at DESC, b.blocked_id
          LIMIT $2 OFFSET $3`,
        [blockerId, page.perPage, page.page * page.perPage],
      ) as Promise<Array<Omit<BlockedUserItem, 'blocked_at'> & { blocked_at: Date }>>,
    ]);
    return toPage(
      rows.map((row) => ({ ...row, blocked_at: row.blocked_at.toISOString() })),
      total,
      page,
    );
  }
}
