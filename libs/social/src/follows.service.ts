import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type PageRequest, toPage } from '@runvs/common';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { FollowsRepository } from './follows.repository';
import { followIntent } from './social-messages';
import { SocialUsersRepository } from './social-users.repository';
import type { FollowItem, FollowPage, FriendRunning, UserByCode } from './social.types';

/** Follow / unfollow, follower and following lists, people running now, lookup by user code. */
@Injectable()
export class FollowsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly repository: FollowsRepository,
    private readonly users: SocialUsersRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /** Removes the follows between two users both ways, inside the caller's transaction (blocks). */
  removeBetween(manager: EntityManager, a: string, b: string): Promise<void> {
    return this.repository.deleteBetween(manager, a, b);
  }

  /** Follows `targetId` and notifies them (once per 5 minutes for a follow/unfollow/follow). */
  async follow(followerId: string, targetId: string): Promise<FollowItem> {
    if (followerId === targetId) throw new DomainError('SELF_FOLLOW', 'You cannot follow yourself.');
    return this.outbox.transaction(async (manager, enqueue) => {
      const target = await this.users.userExists(manager, targetId);
      if (!target) throw notFound('User');
      if (await this.users.blockedEitherWay(manager, followerId, targetId)) {
        throw new DomainError('USER_BLOCKED', 'You cannot follow this user.');
      }
      const follow = await this.repository.insert(manager, followerId, targetId);
      if (!follow) throw new DomainError('ALREADY_FOLLOWING', 'You already follow this user.');
      const follower = await this.users.userExists(manager, followerId);
      await this.notifications.notify(
        manager,
        followIntent(followerId, follower?.nickname ?? null, targetId),
        enqueue,
      );
      return follow;
    });
  }

  /** 404 NOT_FOUND when the caller does not follow `targetId`. */
  async unfollow(followerId: string, targetId: string): Promise<void> {
    const removed = await this.repository.delete(this.dataSource.manager, followerId, targetId);
    if (!removed) throw notFound('Follow');
  }

  /** Follow by the 8-character user code (`POST /follows/by-code`). */
  async followByCode(followerId: string, userCode: string): Promise<FollowItem> {
    const target = await this.repository.findByCode(this.dataSource.manager, userCode, followerId);
    if (!target) throw notFound('User');
    return this.follow(followerId, target.id);
  }

  /** A user by code, never the caller (their own code is "not found", as in the reference). */
  async findByCode(viewerId: string, userCode: string): Promise<UserByCode> {
    const user = await this.repository.findByCode(this.dataSource.manager, userCode, viewerId);
    if (!user) throw notFound('User');
    return user;
  }

  async followers(userId: string, page: PageRequest): Promise<FollowPage> {
    return this.list(userId, 'followers', page);
  }

  async following(userId: string, page: PageRequest): Promise<FollowPage> {
    return this.list(userId, 'following', page);
  }

  friendsRunning(userId: string): Promise<FriendRunning[]> {
    return this.repository.friendsRunning(this.dataSource.manager, userId);
  }

  private async list(
    userId: string,
    side: 'followers' | 'following',
    page: PageRequest,
  ): Promise<FollowPage> {
    const manager = this.dataSource.manager;
    if (!(await this.users.userExists(manager, userId))) throw notFound('User');
    const { rows, total } = await this.repository.list(manager, userId, side, page);
    return toPage(rows, total, page);
  }
}
