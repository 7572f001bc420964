import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { LiveAudienceRepository, type LiveEnvelope, liveChannel, parseEnvelope } from '@runvs/live';
import { redisOptionsFromUrl } from '@runvs/queue';
import Redis from 'ioredis';
import WebSocket from 'ws';
import { LIVE_CLOSE, type LiveClose, LiveAuthenticator, type LiveIdentity } from './live-auth';

/** A socket whose peer reads slower than this much unsent data is dropped (it reconnects and catches up). */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface Connection {
  socket: WebSocket;
  userId: string;
  sessionId: string;
  expiryTimer: NodeJS.Timeout;
  alive: boolean;
}

/**
 * The sockets this api instance holds, by user, and the Redis subscription that feeds them: every
 * instance receives every live event and delivers it to its own sockets of the audience. It also
 * pings sockets (dead peers are dropped), closes a socket when its token expires, and closes it at
 * once when its session is revoked or its user changes (the identity lib's auth events, on the same
 * subscription), with a periodic recheck of every socket as the safety net.
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveHub.name);
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly bySocket = new Map<WebSocket, Connection>();
  private subscriber?: Redis;
  private heartbeat?: NodeJS.Timeout;
  private recheck?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audience: LiveAudienceRepository,
    private readonly auth: LiveAuthenticator,
  ) {}

  async onModuleInit(): Promise<void> {
    const subscriber = new Redis({
      ...redisOptionsFromUrl(this.config.redis.url, 'worker'),
      lazyConnect: true,
    });
    subscriber.on('error', (error: Error) => this.logger.warn(`live subscriber: ${error.message}`));
    const authEvents = this.auth.authEventsChannel;
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel === authEvents) {
        void this.onAuthEvent(raw).catch((error: Error) => this.logger.warn(error.message));
        return;
      }
      const envelope = parseEnvelope(raw);
      if (envelope) void this.deliver(envelope).catch((error: Error) => this.logger.warn(error.message));
    });
    this.subscriber = subscriber;
    // With Redis unreachable the api must still start: the subscription is awaited only briefly
    // (it completes once Redis answers), and ioredis re-subscribes by itself after a reconnect.
    void subscriber.connect().catch((error: Error) => this.logger.warn(`live subscriber: ${error.message}`));
    const subscribed = subscriber
      .subscribe(liveChannel(this.config.redis.keyPrefix), authEvents)
      .catch((error: Error) => this.logger.warn(`live subscribe: ${error.message}`));
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise((resolve) => (waited = setTimeout(resolve, 2_000)))]);
    clearTimeout(waited);
    this.heartbeat = setInterval(() => this.ping(), this.config.live.heartbeatSeconds * 1000);
    this.recheck = setInterval(
      () => void this.recheckUsers().catch((error: Error) => this.logger.warn(error.message)),
      this.config.live.recheckSeconds * 1000,
    );
    this.heartbeat.unref();
    this.recheck.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.recheck);
    for (const connection of [...this.bySocket.values()]) {
      this.close(connection, { code: 1001, reason: 'server_shutdown' });
    }
    // quit() waits for Redis to answer; with Redis unreachable it would hold the shutdown forever.
    if (this.subscriber?.status === 'ready')
      await this.subscriber.quit().catch(() => this.subscriber?.disconnect());
    else this.subscriber?.disconnect();
  }

  /**
   * Registers an authenticated socket; a re-auth (same user, fresh token) moves it to the new
   * token's session and expiry.
   */
  register(socket: WebSocket, { userId, sessionId, expiresAt }: LiveIdentity): void {
    const existing = this.bySocket.get(socket);
    if (existing) {
      clearTimeout(existing.expiryTimer);
      existing.sessionId = sessionId;
    }
    const connection: Connection = existing ?? {
      socket,
      userId,
      sessionId,
      alive: true,
      expiryTimer: undefined!,
    };
    connection.expiryTimer = setTimeout(
      () => this.close(connection, LIVE_CLOSE.tokenExpired),
      Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1)),
    );
    connection.expiryTimer.unref();
    if (existing) return;
    this.bySocket.set(socket, connection);
    let sockets = this.byUser.get(userId);
    if (!sockets) this.byUser.set(userId, (sockets = new Set()));
    sockets.add(connection);
    socket.on('pong', () => (connection.alive = true));
    socket.on('close', () => this.forget(connection));
  }

  /** The user of a registered socket, or undefined before it authenticated. */
  userOf(socket: WebSocket): string | undefined {
    return this.bySocket.get(socket)?.userId;
  }

  /** How many sockets this instance holds (all users). */
  get size(): number {
    return this.bySocket.size;
  }

  /** Hands an event to this instance's sockets of its audience. */
  async deliver(envelope: LiveEnvelope): Promise<void> {
    if (this.byUser.size === 0) return;
    let recipients: readonly string[];
    if ('users' in envelope.audience) {
      recipients = envelope.audience.users;
    } else {
      const runner = envelope.audience.followersOf;
      recipients = await this.audience.followersAmong(
        runner,
        [...this.byUser.keys()].filter((id) => id !== runner),
      );
    }
    const text = JSON.stringify(envelope.message);
    for (const userId of recipients) {
      for (const connection of this.byUser.get(userId) ?? []) this.send(connection, text);
    }
  }

  /** Closes every socket of these users (ban, deletion, revoked session). */
  closeUsers(userIds: readonly string[], close: LiveClose): void {
    for (const userId of userIds) {
      for (const connection of [...(this.byUser.get(userId) ?? [])]) this.close(connection, close);
    }
  }

  private send(connection: Connection, text: string): void {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(text);
  }

  private ping(): void {
    for (const connection of this.bySocket.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  /** Periodic safety net: banned or deleted users, and ended sessions, lose their sockets. */
  private async recheckUsers(): Promise<void> {
    const refused = await this.auth.refusedUsers([...this.byUser.keys()]);
    this.closeUsers(refused, LIVE_CLOSE.forbidden);
    const connections = [...this.bySocket.values()];
    const ended = new Set(await this.auth.endedSessions(connections));
    for (const connection of connections) {
      if (ended.has(connection.sessionId)) this.close(connection, LIVE_CLOSE.forbidden);
    }
  }

  /** `session-ended` closes that session's sockets at once; `user-changed` rechecks the user now. */
  private async onAuthEvent(raw: string): Promise<void> {
    let event: { type?: unknown; userId?: unknown; sessionId?: unknown };
    try {
      event = JSON.parse(raw) as typeof event;
    } catch {
      return;
    }
    if (typeof event.userId !== 'string') return;
    const connections = [...(this.byUser.get(event.userId) ?? [])];
    if (connections.length === 0) return;
    if (event.type === 'session-ended') {
      for (const connection of connections) {
        if (connection.sessionId === event.sessionId) this.close(connection, LIVE_CLOSE.forbidden);
      }
    } else if (event.type === 'user-changed') {
      this.closeUsers(await this.auth.refusedUsers([event.userId]), LIVE_CLOSE.forbidden);
    }
  }

  private close(connection: Connection, close: LiveClose | { code: number; reason: string }): void {
    this.forget(connection);
    if (
      connection.socket.readyState === WebSocket.OPEN ||
      connection.socket.readyState === WebSocket.CONNECTING
    ) {
      connection.socket.close(close.code, close.reason);
    }
  }

  private forget(connection: Connection): void {
    clearTimeout(connection.expiryTimer);
    if (!this.bySocket.delete(connection.socket)) return;
    const sockets = this.byUser.get(connection.userId);
    sockets?.delete(connection);
    if (sockets?.size === 0) this.byUser.delete(connection.userId);
  }
}
