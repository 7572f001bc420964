import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { isFinalFailure, QueueWorkers } from '@runvs/queue';
import type { Job } from 'bullmq';
import { reportError } from './error-tracking/error-tracking';
import { MetricsService } from './metrics/metrics.service';

/**
 * Worker side, on every BullMQ worker's events: each finished attempt's processing time by queue
 * and outcome (metrics), and each job that failed for good as an error report (queue and job id,
 * never the payload).
 */
@Injectable()
export class JobEvents implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    for (const { queue, worker } of this.workers.workers()) {
      worker.on('completed', (job: Job) => this.observe(queue, 'completed', job));
      worker.on('failed', (job: Job | undefined, error: Error) => {
        if (!job) return;
        this.observe(queue, 'failed', job);
        if (isFinalFailure(job, error)) {
          reportError(error, {
            tags: { queue, job_id: job.id ?? '', job_attempts: String(job.attemptsMade) },
          });
        }
      });
    }
  }

  private observe(queue: string, outcome: 'completed' | 'failed', job: Job): void {
    if (job.processedOn === undefined) return;
    const finishedOn = job.finishedOn ?? Date.now();
    this.metrics.observeJob(queue, outcome, Math.max(0, finishedOn - job.processedOn) / 1000);
  }
}
