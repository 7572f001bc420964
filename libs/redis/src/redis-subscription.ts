import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { redisOptionsFromUrl } from '@runvs/queue';
import Redis from 'ioredis';

/** Told of every message on its channel, and whether it is hearing them right now. */
export interface ChannelListener {
  message(text: string): void;
  /**
   * true once the channel is subscribed; false the moment the connection drops: messages may be
   * missed from then until the next true.
   */
  live(listening: boolean): void;
}

/**
 * The process's one Redis subscription for in-process caches that must hear of a change at once
 * (NearCache owners). Opened on the first listen(), so a process that never caches never connects.
 * A channel is "live" only between a confirmed SUBSCRIBE and the next drop of the connection; after
 * a reconnect it is subscribed again before it is live again, so a listener can trust that while
 * it is live it misses nothing.
 */
@Injectable()
export class RedisSubscription implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisSubscription.name);
  private readonly listeners = new Map<string, Set<ChannelListener>>();
  private readonly liveChannels = new Set<string>();
  private connection?: Redis;
  /** Bumped when the connection drops: a SUBSCRIBE answered for an older connection means nothing. */
  private session = 0;
  private closed = false;
  private lastWarning = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  listen(channel: string, listener: ChannelListener): void {
    let channelListeners = this.listeners.get(channel);
    if (!channelListeners) this.listeners.set(channel, (channelListeners = new Set()));
    channelListeners.add(listener);
    if (this.liveChannels.has(channel)) listener.live(true);
    else if (this.connect().status === 'ready') this.subscribe([channel]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    if (!connection) return;
    this.down();
    // quit() waits for Redis to answer; with Redis unreachable it would hold the shutdown forever.
    if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
    else connection.disconnect();
  }

  private connect(): Redis {
    if (this.connection) return this.connection;
    const connection = new Redis({
      ...redisOptionsFromUrl(this.config.redis.url, 'worker'),
      lazyConnect: true,
      // Subscribed again on 'ready' below, where the answer tells when the channels are live.
      autoResubscribe: false,
    });
    connection.on('error', (error: Error) => this.warn(`subscription: ${error.message}`));
    connection.on('message', (channel: string, text: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener.message(text);
    });
    connection.on('ready', () => this.subscribe([...this.listeners.keys()]));
    connection.on('close', () => this.down());
    connection.on('end', () => this.down());
    this.connection = connection;
    if (!this.closed)
      void connection.connect().catch((error: Error) => this.warn(`subscription: ${error.message}`));
    return connection;
  }

  private subscribe(channels: string[]): void {
    if (channels.length === 0 || !this.connection) return;
    const session = this.session;
    this.connection.subscribe(...channels).then(
      () => {
        if (session !== this.session) return;
        for (const channel of channels) {
          if (this.liveChannels.has(channel)) continue;
          this.liveChannels.add(channel);
          for (const listener of this.listeners.get(channel) ?? []) listener.live(true);
        }
      },
      (error: Error) => this.warn(`subscribe: ${error.message}`),
    );
  }

  private down(): void {
    this.session++;
    const wereLive = [...this.liveChannels];
    this.liveChannels.clear();
    for (const channel of wereLive) {
      for (const listener of this.listeners.get(channel) ?? []) listener.live(false);
    }
  }

  private warn(message: string): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }
}
