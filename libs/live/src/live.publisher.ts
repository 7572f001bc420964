import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { REDIS_CLIENT } from '@runvs/redis';
import type Redis from 'ioredis';
import { type LiveAudience, type LiveEnvelope, type LiveEventType, liveChannel } from './live-events';

/**
 * Publishes live events to every api instance over Redis pub/sub; each instance hands them to the
 * sockets it holds. Call it AFTER the transaction that caused the event has committed.
 *
 * Live events are a courtesy on top of the durable inbox: when Redis is down, or nobody is
 * connected, the event is simply not seen live, and the app catches up from `GET /notifications`
 * (and the feed) when it reconnects. So publishing never throws and never blocks a request long.
 */
@Injectable()
export class LivePublisher {
  private readonly logger = new Logger(LivePublisher.name);
  private readonly channel: string;
  private lastWarning = 0;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = liveChannel(config.redis.keyPrefix);
  }

  /** To these users (duplicates and empty lists are fine). */
  async toUsers(
    userIds: readonly string[],
    type: LiveEventType,
    data: Record<string, unknown>,
  ): Promise<void> {
    const users = [...new Set(userIds)];
    if (users.length === 0) return;
    await this.publish({ users }, type, data);
  }

  /** To everyone who follows `userId` (and has not blocked them / been blocked), wherever connected. */
  async toFollowersOf(userId: string, type: LiveEventType, data: Record<string, unknown>): Promise<void> {
    await this.publish({ followersOf: userId }, type, data);
  }

  private async publish(
    audience: LiveAudience,
    type: LiveEventType,
    data: Record<string, unknown>,
  ): Promise<void> {
    const envelope: LiveEnvelope = { audience, message: { type, data }, publishedAt: Date.now() };
    try {
      await this.redis.publish(this.channel, JSON.stringify(envelope));
    } catch (error) {
      if (Date.now() - this.lastWarning < 10_000) return;
      this.lastWarning = Date.now();
      this.logger.warn(`live event ${type} not published: ${(error as Error).message}`);
    }
  }
}
