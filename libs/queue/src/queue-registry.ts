import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { QueueName } from './queue-names';

/** The BullMQ Queue object of each queue name, injected once. */
@Injectable()
export class QueueRegistry {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues: Record<QueueName, Queue>;
  private lastConnectionWarning = 0;

  constructor(
    @InjectQueue(QueueName.RunCompletion) runCompletion: Queue,
    @InjectQueue(QueueName.CourseCreated) courseCreated: Queue,
    @InjectQueue(QueueName.ActivityImport) activityImport: Queue,
    @InjectQueue(QueueName.StravaSync) stravaSync: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
    @InjectQueue(QueueName.RankingRecalc) rankingRecalc: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
  ) {
    this.queues = {
      [QueueName.RunCompletion]: runCompletion,
      [QueueName.CourseCreated]: courseCreated,
      [QueueName.ActivityImport]: activityImport,
      [QueueName.StravaSync]: stravaSync,
      [QueueName.Notifications]: notifications,
      [QueueName.RankingRecalc]: rankingRecalc,
      [QueueName.Maintenance]: maintenance,
    };
    // Without a listener BullMQ prints every reconnect failure to stderr; log once every 10 s instead.
    for (const queue of Object.values(this.queues)) {
      queue.on('error', (error: Error) => {
        if (Date.now() - this.lastConnectionWarning < 10_000) return;
        this.lastConnectionWarning = Date.now();
        this.logger.warn(`queue ${queue.name}: ${error.message}`);
      });
    }
  }

  get(queue: QueueName): Queue {
    return this.queues[queue];
  }

  all(): Queue[] {
    return Object.values(this.queues);
  }

  /** Adds a job; the job name is the queue name (one payload type per queue). */
  async add(queue: QueueName, payload: object, options: JobsOptions): Promise<void> {
    await this.get(queue).add(queue, payload, options);
  }
}
