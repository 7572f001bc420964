import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { redisOptionsFromUrl } from '@runvs/queue';
import { REDIS_CLIENT } from '@runvs/redis';
import Redis from 'ioredis';

/** The Redis pub/sub channel on which the worker announces runs whose pipeline has settled. */
export function pipelineSettledChannel(keyPrefix: string): string {
  return `${keyPrefix}:pipeline-settled`;
}

/** How long a waiter gives the subscription to come up before it falls back to its one read. */
const SUBSCRIBE_WAIT_MS = 1_000;

/**
 * "This run's pipeline has settled" between processes, without polling the database: the worker
 * publishes the run id on one channel after its commit (or final failure); every api instance
 * holds one subscription to that channel and wakes the requests waiting for that run. A signal is
 * a courtesy: a waiter always re-reads the run once (a signal that came before it started waiting,
 * one lost while Redis was away), and the bound caps the wait in every case.
 */
@Injectable()
export class PipelineSignals implements OnApplicationShutdown {
  private readonly logger = new Logger(PipelineSignals.name);
  private readonly channel: string;
  private readonly waiters = new Map<string, Set<() => void>>();
  private subscriber?: Redis;
  private subscribed?: Promise<boolean>;
  private lastWarning = 0;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channel = pipelineSettledChannel(config.redis.keyPrefix);
  }

  /** Worker side, after the commit: wakes whoever waits for this run. Never throws. */
  async announce(runRecordId: string): Promise<void> {
    try {
      await this.redis.publish(this.channel, runRecordId);
    } catch (error) {
      this.warn(`pipeline signal for ${runRecordId} not published: ${(error as Error).message}`);
    }
  }

  /**
   * Api side: resolves true once the run's pipeline has settled (by its signal, or by `settled()`,
   * read once after the waiter is registered), false when `budgetMs` passes first. No signal can
   * slip between the read and the wait: the waiter is registered before the read.
   */
  async waitFor(runRecordId: string, budgetMs: number, settled: () => Promise<boolean>): Promise<boolean> {
    if (budgetMs <= 0) return settled();
    const deadline = Date.now() + budgetMs;
    const listening = await this.subscribe(Math.min(budgetMs, SUBSCRIBE_WAIT_MS));
    let wake!: () => void;
    const signalled = new Promise<true>((resolve) => (wake = () => resolve(true)));
    let set = this.waiters.get(runRecordId);
    if (!set) this.waiters.set(runRecordId, (set = new Set()));
    set.add(wake);
    let timer: NodeJS.Timeout | undefined;
    try {
      if (await settled()) return true;
      // Without a subscription no signal can come: waiting would only delay the same answer.
      if (!listening) return false;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
      });
      return await Promise.race([signalled, timeout]);
    } finally {
      clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(runRecordId) === set) this.waiters.delete(runRecordId);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.subscribed = undefined;
    if (!subscriber) return;
    // quit() waits for Redis to answer; with Redis unreachable it would hold the shutdown forever.
    if (subscriber.status === 'ready') await subscriber.quit().catch(() => subscriber.disconnect());
    else subscriber.disconnect();
  }

  /**
   * The process's one subscription, opened on first use (the worker never waits, so it never
   * opens one). True once it is listening; false if it did not come up within `withinMs` (ioredis
   * keeps trying and re-subscribes by itself after a reconnect).
   */
  private async subscribe(withinMs: number): Promise<boolean> {
    if (!this.subscriber) {
      const subscriber = new Redis({
        ...redisOptionsFromUrl(this.config.redis.url, 'worker'),
        lazyConnect: true,
      });
      subscriber.on('error', (error: Error) => this.warn(`pipeline signals: ${error.message}`));
      subscriber.on('message', (channel: string, runRecordId: string) => {
        if (channel !== this.channel) return;
        for (const wake of this.waiters.get(runRecordId) ?? []) wake();
      });
      this.subscriber = subscriber;
      void subscriber.connect().catch((error: Error) => this.warn(`pipeline signals: ${error.message}`));
    }
    const subscriber = this.subscriber;
    this.subscribed ??= subscriber.subscribe(this.channel).then(
      () => true,
      (error: Error) => {
        this.warn(`pipeline signals: ${error.message}`);
        this.subscribed = undefined; // the next waiter asks again
        return false;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
    try {
      return (await Promise.race([this.subscribed, late])) && subscriber.status === 'ready';
    } finally {
      clearTimeout(timer);
    }
  }

  private warn(message: string): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }
}
