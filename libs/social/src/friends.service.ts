import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type PageRequest, toPage } from '@runvs/common';
import { NotificationsService } from '@runvs/notifications';
import { type Enqueue, OutboxService } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { type FriendRequestRow, FriendsRepository } from './friends.repository';
import { friendAcceptedIntent, friendRequestIntent } from './social-messages';
import { SocialUsersRepository } from './social-users.repository';
import type { FriendPage, FriendRequestItem, FriendRequestPage, FriendshipStatus } from './social.types';

/**
 * Friends by request: mutual, beside one-way follows. Every change between two users runs under
 * a lock on the pair, so a request crossing one already received accepts it instead of making a
 * second row, and two accepts or a cancel racing an accept decide once. A received request and an
 * accepted one notify (inbox + push) in the same transaction.
 */
@Injectable()
export class FriendsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly repository: FriendsRepository,
    private readonly users: SocialUsersRepository,
    private readonly notifications: NotificationsService,
  ) {}

  /** Sends a request to `recipientId`, or accepts theirs when they already asked me. */
  async request(requesterId: string, recipientId: string): Promise<FriendRequestItem> {
    if (requesterId === recipientId) {
      throw new DomainError('SELF_FRIEND_REQUEST', 'You cannot send a friend request to yourself.');
    }
    return this.outbox.transaction(async (manager, enqueue) => {
      if (!(await this.users.userExists(manager, recipientId))) throw notFound('User');
      await this.refuseBlocked(manager, requesterId, recipientId);
      await this.repository.lockPair(manager, requesterId, recipientId);
      const existing = await this.repository.between(manager, requesterId, recipientId);
      if (existing?.status === 'accepted') {
        throw new DomainError('ALREADY_FRIENDS', 'You are already friends.');
      }
      if (existing?.requester_id === requesterId) {
        throw new DomainError('FRIEND_REQUEST_EXISTS', 'You already sent a friend request to this user.');
      }
      if (existing) return this.acceptLocked(manager, enqueue, existing, requesterId);
      const id = await this.repository.insert(manager, requesterId, recipientId);
      const requester = await this.users.userExists(manager, requesterId);
      await this.notifications.notify(
        manager,
        friendRequestIntent({ id: requesterId, nickname: requester?.nickname ?? null }, recipientId, id),
        enqueue,
      );
      return this.repository.item(manager, id);
    });
  }

  /** The recipient accepts; the requester is notified. */
  async accept(userId: string, requestId: string): Promise<FriendRequestItem> {
    return this.outbox.transaction(async (manager, enqueue) => {
      const row = await this.lockRequest(manager, userId, requestId);
      if (row.requester_id === userId) {
        throw new DomainError('FORBIDDEN', 'Only the recipient can accept a friend request.');
      }
      this.requirePending(row);
      await this.refuseBlocked(manager, row.requester_id, row.recipient_id);
      return this.acceptLocked(manager, enqueue, row, userId);
    });
  }

  /** The recipient declines: the request goes, nobody is told. */
  async decline(userId: string, requestId: string): Promise<void> {
    await this.outbox.transaction(async (manager) => {
      const row = await this.lockRequest(manager, userId, requestId);
      if (row.requester_id === userId) {
        throw new DomainError(
          'FORBIDDEN',
          'Only the recipient can decline; cancel your own request instead.',
        );
      }
      this.requirePending(row);
      await this.repository.delete(manager, row.id);
    });
  }

  /** The sender takes a pending request back. */
  async cancel(userId: string, requestId: string): Promise<void> {
    await this.outbox.transaction(async (manager) => {
      const row = await this.lockRequest(manager, userId, requestId);
      if (row.recipient_id === userId) {
        throw new DomainError('FORBIDDEN', 'Only the sender can cancel; decline a received request instead.');
      }
      this.requirePending(row);
      await this.repository.delete(manager, row.id);
    });
  }

  /** Ends a friendship (either side); 404 when we are not friends. */
  async unfriend(userId: string, friendId: string): Promise<void> {
    await this.outbox.transaction(async (manager) => {
      await this.repository.lockPair(manager, userId, friendId);
      const row = await this.repository.between(manager, userId, friendId);
      if (row?.status !== 'accepted') throw notFound('Friendship');
      await this.repository.delete(manager, row.id);
    });
  }

  async received(userId: string, page: PageRequest): Promise<FriendRequestPage> {
    const { rows, total } = await this.repository.pending(this.dataSource.manager, userId, 'received', page);
    return toPage(rows, total, page);
  }

  async sent(userId: string, page: PageRequest): Promise<FriendRequestPage> {
    const { rows, total } = await this.repository.pending(this.dataSource.manager, userId, 'sent', page);
    return toPage(rows, total, page);
  }

  async friends(userId: string, page: PageRequest): Promise<FriendPage> {
    const { rows, total } = await this.repository.friends(this.dataSource.manager, userId, page);
    return toPage(rows, total, page);
  }

  async pendingCount(userId: string): Promise<{ count: number }> {
    return { count: await this.repository.pendingReceivedCount(this.dataSource.manager, userId) };
  }

  async status(viewerId: string, userId: string): Promise<FriendshipStatus> {
    const manager = this.dataSource.manager;
    if (!(await this.users.userExists(manager, userId))) throw notFound('User');
    const [row, friendsCount] = await Promise.all([
      viewerId === userId ? null : this.repository.between(manager, viewerId, userId),
      this.repository.friendsCount(manager, userId),
    ]);
    const requestStatus =
      row === null
        ? null
        : row.status === 'accepted'
          ? 'accepted'
          : row.requester_id === viewerId
            ? 'pending_sent'
            : 'pending_received';
    return {
      is_friend: row?.status === 'accepted',
      request_status: requestStatus,
      friends_count: friendsCount,
    };
  }

  /** Removes requests and friendship between two users, inside the caller's transaction (blocks). */
  async removeBetween(manager: EntityManager, a: string, b: string): Promise<void> {
    await this.repository.lockPair(manager, a, b);
    await this.repository.deleteBetween(manager, a, b);
  }

  /** Removes every request and friendship of a user, inside the caller's transaction. */
  async removeAllOf(manager: EntityManager, userId: string): Promise<void> {
    await this.repository.deleteAllOf(manager, userId);
  }

  private async acceptLocked(
    manager: EntityManager,
    enqueue: Enqueue,
    row: FriendRequestRow,
    accepterId: string,
  ): Promise<FriendRequestItem> {
    await this.repository.accept(manager, row.id);
    const accepter = await this.users.userExists(manager, accepterId);
    await this.notifications.notify(
      manager,
      friendAcceptedIntent(
        { id: accepterId, nickname: accepter?.nickname ?? null },
        row.requester_id,
        row.id,
      ),
      enqueue,
    );
    return this.repository.item(manager, row.id);
  }

  /**
   * The request, re-read under its pair's lock; 404 when it does not exist or is not the caller's
   * (someone else's request id reveals nothing).
   */
  private async lockRequest(
    manager: EntityManager,
    userId: string,
    requestId: string,
  ): Promise<FriendRequestRow> {
    const seen = await this.repository.byId(manager, requestId);
    if (!seen || (seen.requester_id !== userId && seen.recipient_id !== userId)) {
      throw notFound('Friend request');
    }
    await this.repository.lockPair(manager, seen.requester_id, seen.recipient_id);
    const row = await this.repository.byId(manager, requestId);
    if (!row) throw notFound('Friend request');
    return row;
  }

  private requirePending(row: FriendRequestRow): void {
    if (row.status !== 'pending') {
      throw new DomainError('FRIEND_REQUEST_NOT_PENDING', 'This friend request was already accepted.');
    }
  }

  private async refuseBlocked(manager: EntityManager, a: string, b: string): Promise<void> {
    if (await this.users.blockedEitherWay(manager, a, b)) {
      throw new DomainError('USER_BLOCKED', 'You cannot be friends with this user.');
    }
  }
}
