import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Seconds, from 5 ms (a cached read) to 30 s (a slow import stage). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Jobs last longer than requests: up to 10 minutes (a full Strava sync). */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180, 600];

export type CacheLookupResult = 'hit' | 'miss';

/**
 * The process's Prometheus metrics, in a registry of its own (the tests run an api and a worker in
 * one process). Domains record through these methods and never import prom-client; gauges read
 * at scrape time (queue depths, outbox lag) are added by their collectors.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'runvs_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly jobDuration = new Histogram({
    name: 'runvs_queue_job_duration_seconds',
    help: 'Processing time of queue jobs by queue and outcome (completed, failed)',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private readonly stageDuration = new Histogram({
    name: 'runvs_pipeline_stage_duration_seconds',
    help: 'Run-completion pipeline stages (one transaction each) that did work, by stage',
    labelNames: ['stage'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  private readonly cacheLookups = new Counter({
    name: 'runvs_cache_lookups_total',
    help: 'Cache reads by key family and result (hit, miss); hit ratio = hit / all',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'runvs_' });
  }

  observeHttpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  observeJob(queue: string, outcome: 'completed' | 'failed', seconds: number): void {
    this.jobDuration.observe({ queue, outcome }, seconds);
  }

  observePipelineStage(stage: string, seconds: number): void {
    this.stageDuration.observe({ stage }, seconds);
  }

  countCacheLookup(cache: string, result: CacheLookupResult): void {
    this.cacheLookups.inc({ cache, result });
  }

  /** The text exposition format, and its content type. */
  async exposition(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

/** Seconds since `startedAt` (a process.hrtime.bigint() reading). */
export function secondsSince(startedAt: bigint): number {
  return Number(process.hrtime.bigint() - startedAt) / 1e9;
}
