import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { QueueName } from './queue-names';

/** The BullMQ Queue object of each queue name, injected once. */
@Injectable()
export class QueueRegistry {
  private readonly queues: Record<QueueName, Queue>;

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
