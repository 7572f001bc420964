import { deterministicJobId, JOB_OPTIONS } from './job-options';
import { ALL_QUEUES, QueueName } from './queue-names';
import { redisOptionsFromUrl } from './redis-connection';

describe('queue contracts', () => {
  it('keeps the stable queue names', () => {
    expect(ALL_QUEUES).toEqual([
      'run-completion',
      'course-created',
      'activity-import',
      'strava-sync',
      'notifications',
      'ranking-recalc',
      'maintenance',
    ]);
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
