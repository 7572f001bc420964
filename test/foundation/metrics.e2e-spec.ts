import { QueueName } from '@runvs/queue';
import {
  apiMetricsBase,
  asUser,
  createCourse,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
  workerHttpBase,
} from '@runvs/testing';
import request from 'supertest';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

/** One sample of the Prometheus text format: `name{a="x",b="y"} value`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

async function scrape(base: string): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** Issue 17 (metrics): what the api and the worker expose to Prometheus, on private ports only. */
describe('Prometheus metrics', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ worker: true, env: { RUN_COMPLETE_RANKING_WAIT_MS: '200' } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('are not served on the public port', async () => {
    await request(stack.api.getHttpServer()).get('/metrics').expect(404);
    await request(stack.api.getHttpServer()).get('/api/v1/metrics').expect(404);
  });

  it('time HTTP requests by route pattern and status, and count cache hits and misses', async () => {
    const runner = await createUserWithToken(stack.dataSource, stack.config);
    const courseId = await createCourse(stack.dataSource, runner.user.id, {
      coordinates: lineFrom([126.97, 37.55], 20, 25),
    });
    const before = await scrape(await apiMetricsBase(stack.api));
    const hitsBefore = sample(before, 'runvs_cache_lookups_total', { cache: 'course', result: 'hit' }) ?? 0;
    const unmatchedBefore =
      sample(before, 'runvs_http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status: '404',
      }) ?? 0;

    const http = asUser(stack.api, runner.authorization);
    await http.get(`/courses/${courseId}`).expect(200);
    await http.get(`/courses/${courseId}`).expect(200);
    await http.get('/courses/00000000-0000-4000-8000-000000000000').expect(404);
    await request(stack.api.getHttpServer()).get('/no/such/route').expect(404);

    const text = await scrape(await apiMetricsBase(stack.api));
    const count = (route: string, status: string) =>
      sample(text, 'runvs_http_request_duration_seconds_count', { method: 'GET', route, status });
    expect(count('/api/v1/courses/:id', '200')).toBe(2);
    expect(count('/api/v1/courses/:id', '404')).toBe(1);
    expect(count('unmatched', '404')).toBe(unmatchedBefore + 1);
    // Raw URLs never become labels.
    expect(text).not.toContain(courseId);
    expect(
      sample(text, 'runvs_cache_lookups_total', { cache: 'course', result: 'miss' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'runvs_cache_lookups_total', { cache: 'course', result: 'hit' })).toBe(
      hitsBefore + 1,
    );
    expect(sample(text, 'runvs_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('the worker reports job durations, pipeline stage durations, queue depths and outbox lag', async () => {
    const runner = await createUserWithToken(stack.dataSource, stack.config);
    const line = lineFrom([126.99, 37.52], 41, 25);
    const courseId = await createCourse(stack.dataSource, runner.user.id, {
      coordinates: line,
      distanceMeters: 1000,
    });
    await runThroughApi(stack.api, runner.authorization, trackAlong(line), { courseId });
    await waitForQueuesDrained(stack.worker);

    // Committed 2 minutes ago and not published yet (due later, so the relay leaves it alone).
    await stack.dataSource.query(
      `INSERT INTO outbox_events (queue, job_name, job_id, payload, available_at, created_at)
       VALUES ('maintenance', 'maintenance', 'lagging', '{"task":"purge-outbox"}', now() + interval '1 hour', now() - interval '120 seconds')`,
    );
    try {
      const base = await workerHttpBase(stack.worker);
      const text = await scrape(base);
      expect(
        sample(text, 'runvs_queue_job_duration_seconds_count', {
          queue: QueueName.RunCompletion,
          outcome: 'completed',
        }),
      ).toBeGreaterThanOrEqual(1);
      for (const stage of [
        'matched',
        'user_totals',
        'events',
        'heatmap',
        'ranked',
        'course_stats',
        'notified',
        'transaction',
      ]) {
        expect(sample(text, 'runvs_pipeline_stage_duration_seconds_count', { stage })).toBe(1);
      }
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(sample(text, 'runvs_queue_jobs', { queue: QueueName.RunCompletion, state })).toBe(0);
      }
      expect(sample(text, 'runvs_outbox_unpublished_events')).toBe(1);
      expect(sample(text, 'runvs_outbox_lag_seconds')).toBeGreaterThanOrEqual(120);

      // The api reports the same queue and outbox gauges (either process can be scraped for them).
      const api = await scrape(await apiMetricsBase(stack.api));
      expect(sample(api, 'runvs_outbox_lag_seconds')).toBeGreaterThanOrEqual(120);
      expect(sample(api, 'runvs_queue_jobs', { queue: QueueName.Maintenance, state: 'waiting' })).toBe(0);
      expect(await (await fetch(`${base}/health/ready`)).json()).toMatchObject({ status: 'ok' });
    } finally {
      await stack.dataSource.query(`DELETE FROM outbox_events WHERE job_id = 'lagging'`);
    }
  });
});
