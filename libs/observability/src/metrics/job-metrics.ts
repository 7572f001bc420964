import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { QueueWorkers } from '@runvs/queue';
import type { Job } from 'bullmq';
import { MetricsService } from './metrics.service';

/** Worker side: each finished job's processing time, by queue and outcome (every attempt counts). */
@Injectable()
export class JobMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    for (const { queue, worker } of this.workers.workers()) {
      worker.on('completed', (job: Job) => this.observe(queue, 'completed', job));
      worker.on('failed', (job: Job | undefined) => {
        if (job) this.observe(queue, 'failed', job);
      });
    }
  }

  private observe(queue: string, outcome: 'completed' | 'failed', job: Job): void {
    if (job.processedOn === undefined) return;
    const finishedOn = job.finishedOn ?? Date.now();
    this.metrics.observeJob(queue, outcome, Math.max(0, finishedOn - job.processedOn) / 1000);
  }
}
