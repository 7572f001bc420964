import 'reflect-metadata';
import { loadConfig } from '@runvs/config';
import { dataSourceOptions } from '@runvs/database';
import { redisOptionsFromUrl } from '@runvs/queue';
import { RedisKeys } from '@runvs/redis';
import {
  StravaClient,
  StravaRateBudget,
  StravaSubscriptionRepository,
  StravaSubscriptionService,
} from '@runvs/strava';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { argument } from './cli-arguments';

const USAGE = `usage: npm run strava:subscribe -- [--callback-url <url>] [--replace] | --delete
  Creates this Strava application's webhook subscription (the api must be running and reachable at the
  callback URL, by default PUBLIC_BASE_URL/api/v1/strava/webhook, because Strava verifies it before
  answering) or adopts the existing one, and stores its id: webhook events carrying another id are ignored.
  --replace  moves a subscription that points at another callback URL to this one
  --delete   deletes the subscription at Strava and forgets its id`;

async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  if (!config.strava.enabled) throw new Error('STRAVA_ENABLED is not true: nothing to subscribe');
  const dataSource = new DataSource(dataSourceOptions(config, 'runvs-strava-subscribe'));
  await dataSource.initialize();
  // Subscription calls are drawn from the same shared Strava budget as the api and workers.
  const redis = new Redis(redisOptionsFromUrl(config.redis.url, 'producer'));
  try {
    const budget = new StravaRateBudget(redis, new RedisKeys(config));
    const subscriptions = new StravaSubscriptionService(
      config,
      new StravaClient(config, budget),
      new StravaSubscriptionRepository(dataSource),
    );
    if (args.includes('--delete')) {
      const id = await subscriptions.unsubscribe();
      console.log(id === null ? 'no Strava subscription to delete' : `Strava subscription ${id} deleted`);
      return;
    }
    const result = await subscriptions.subscribe({
      callbackUrl: argument(args, '--callback-url', USAGE),
      replace: args.includes('--replace'),
    });
    console.log(`Strava subscription ${result.outcome}: id=${result.id} callback=${result.callback_url}`);
  } finally {
    await dataSource.destroy();
    await redis.quit().catch(() => redis.disconnect());
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
