import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, dropTestDatabase } from './template-database';
import { appDatabaseUrl, TEST_DATABASE_PREFIX, testRedisUrl } from './test-env';

// Each e2e file boots real servers and databases; give its hooks room on a 2-core machine.
jest.setTimeout(60_000);

/** This file's own database and Redis key prefix, so files run in parallel without sharing state. */
export interface TestIsolation {
  databaseName: string;
  /** The app's connection (least-privilege role runvs_app): what the api and worker use. */
  databaseUrl: string;
  /** The schema owner's connection (migrations, and fault injection that needs DDL). */
  ownerDatabaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
}

declare global {
  var __runvsTestIsolation: TestIsolation | undefined;
}

const id = randomBytes(5).toString('hex');

beforeAll(async () => {
  const databaseName = `${TEST_DATABASE_PREFIX()}${id}`;
  const ownerDatabaseUrl = await createTestDatabase(databaseName);
  globalThis.__runvsTestIsolation = {
    databaseName,
    databaseUrl: appDatabaseUrl(databaseName),
    ownerDatabaseUrl,
    redisUrl: testRedisUrl(),
    redisKeyPrefix: `runvs-test-${id}`,
  };
});

afterAll(async () => {
  const isolation = globalThis.__runvsTestIsolation;
  if (!isolation) return;
  globalThis.__runvsTestIsolation = undefined;
  await dropTestDatabase(isolation.databaseName);
  const redis = new Redis(isolation.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${isolation.redisKeyPrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
});
