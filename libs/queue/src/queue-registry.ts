import { getQueueToken } from '@nestjs/bullmq';
import { Logger, type Provider } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { ALL_QUEUES, type QueueName } from './queue-definitions';

/** The BullMQ Queue object of each queue name (registered by QueueModule from the queue table). */
export class QueueRegistry {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues: Map<QueueName, Queue>;
  private lastConnectionWarning = 0;

  /** Nest provider: injects the Queue of every name in the table, in table order. */
  static readonly provider: Provider = {
    provide: QueueRegistry,
    inject: ALL_QUEUES.map((name) => getQueueToken(name)),
    useFactory: (...queues: Queue[]) => new QueueRegistry(queues),
  };

  constructor(queues: Queue[]) {
    this.queues = new Map(queues.map((queue, index) => [ALL_QUEUES[index], queue]));
    // Without a listener BullMQ prints every reconnect failure to stderr; log once every 10 s instead.
    for (const queue of this.queues.values()) {
      queue.on('error', (error: Error) => {
        if (Date.now() - this.lastConnectionWarning < 10_000) return;
        this.lastConnectionWarning = Date.now();
        this.logger.warn(`queue ${queue.name}: ${error.message}`);
      });
    }
  }

  get(queue: QueueName): Queue {
    const found = this.queues.get(queue);
    if (!found) throw new Error(`unknown queue "${queue}"`);
    return found;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  /** Adds a job; the job name is the queue name (one payload type per queue). */
  async add(queue: QueueName, payload: object, options: JobsOptions): Promise<void> {
    await this.get(queue).add(queue, payload, options);
  }
}
