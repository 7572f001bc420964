import { loadConfig } from '@runvs/config';
import {
  ALL_QUEUES,
  concurrencyEnvKey,
  deterministicJobId,
  JOB_OPTIONS,
  QueueName,
  QUEUES,
  unknownConcurrencyOverrides,
  workerConcurrency,
} from './queue-definitions';
import { redisOptionsFromUrl } from './redis-connection';

describe('queue contracts', () => {
  it('keeps the stable queue names', () => {
    expect(ALL_QUEUES).toEqual([
      'run-completion',
      'run-notices',
      'course-created',
      'activity-import',
      'strava-sync',
      'notifications',
      'ranking-recalc',
      'course-rejudge',
      'maintenance',
      'privacy-rerender',
      'data-export',
    ]);
    expect(QueueName.RunCompletion).toBe('run-completion');
    expect(Object.keys(QueueName)).toEqual(Object.keys(QUEUES));
  });

  it('names queues in kebab case, so the WORKER_CONCURRENCY_* key maps back to the name', () => {
    for (const queue of ALL_QUEUES) {
      expect(queue).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      const key = concurrencyEnvKey(queue);
      const config = loadConfig({ APP_ENV: 'development', [key]: '7' });
      expect(workerConcurrency(queue, config.worker.concurrency)).toBe(7);
    }
    expect(concurrencyEnvKey(QueueName.RunCompletion)).toBe('WORKER_CONCURRENCY_RUN_COMPLETION');
  });

  it('uses the table default concurrency unless overridden, and reports overrides for unknown queues', () => {
    expect(workerConcurrency(QueueName.RunCompletion, {})).toBe(4);
    expect(workerConcurrency(QueueName.ActivityImport, {})).toBe(1);
    expect(unknownConcurrencyOverrides({ 'run-completion': 2, 'run-compleshun': 3 })).toEqual([
      'WORKER_CONCURRENCY_RUN_COMPLESHUN',
    ]);
    expect(() => loadConfig({ APP_ENV: 'development', WORKER_CONCURRENCY_RUN_COMPLETION: '0' })).toThrow(
      /WORKER_CONCURRENCY_RUN_COMPLETION/,
    );
  });

  it('gives the completion pipeline more workers than any background queue (pushes, thumbnails)', () => {
    for (const queue of ALL_QUEUES.filter((name) => name !== QueueName.RunCompletion)) {
      expect(workerConcurrency(queue, {})).toBeLessThan(workerConcurrency(QueueName.RunCompletion, {}));
    }
  });

  it('gives every queue retries with exponential backoff and bounded retention', () => {
    for (const queue of ALL_QUEUES) {
      const options = JOB_OPTIONS[queue];
      expect(options.attempts).toBeGreaterThanOrEqual(3);
      // Push delivery's strategy is exponential too, floored by FCM's Retry-After (notifications processor).
      const expected = queue === QueueName.Notifications ? 'push-retry-after' : 'exponential';
      expect(options.backoff).toMatchObject({ type: expected, delay: expect.any(Number) });
      expect(options.removeOnComplete).toMatchObject({ age: expect.any(Number), count: expect.any(Number) });
      expect(options.removeOnFail).toMatchObject({ age: expect.any(Number) });
    }
  });

  it('derives deterministic job ids without colons', () => {
    const id = deterministicJobId(QueueName.RunCompletion, { runRecordId: 'abc' });
    expect(id).toBe('run-completion_abc');
    expect(id).not.toContain(':');
    expect(deterministicJobId(QueueName.Notifications, { notificationId: 'n1' })).toBe('notifications_n1');
    expect(deterministicJobId(QueueName.RankingRecalc, { courseId: 'c', reason: 'deleted' })).toBeUndefined();
  });

  it('parses redis URLs per role', () => {
    const producer = redisOptionsFromUrl('redis://user:p%40ss@cache.internal:6380/3', 'producer');
    expect(producer).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      db: 3,
      username: 'user',
      password: 'p@ss',
      enableOfflineQueue: false,
    });
    expect(redisOptionsFromUrl('rediss://h', 'worker')).toMatchObject({
      maxRetriesPerRequest: null,
      tls: {},
    });
  });
});
