import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { REDIS_CLIENT, RedisKeys } from '@runvs/redis';
import type Redis from 'ioredis';
import request from 'supertest';
import type { FakeStrava, FakeStravaActivity } from '../fakes/fake-strava';
import { runAlong } from '../imports/activity-track';

const DAY = 86_400_000;

/** The env that turns Strava on against a fake Strava server. */
export function stravaEnv(strava: FakeStrava): Record<string, string> {
  return {
    STRAVA_ENABLED: 'true',
    STRAVA_CLIENT_ID: 'runvs-test-client',
    STRAVA_CLIENT_SECRET: 'runvs-test-secret',
    STRAVA_REDIRECT_URI: 'runvs://strava/callback',
    STRAVA_TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    STRAVA_WEBHOOK_VERIFY_TOKEN: 'verify-me',
    STRAVA_OAUTH_BASE_URL: strava.oauthBaseUrl,
    STRAVA_API_BASE_URL: strava.apiBaseUrl,
  };
}

/** A Strava run along `line` ([lng, lat] vertices) with its streams, `daysAgo` days back. */
export function stravaRun(
  id: number,
  line: Array<[number, number]>,
  daysAgo: number,
  sport = 'Run',
): FakeStravaActivity {
  const start = Math.floor((Date.now() - daysAgo * DAY) / 1000) * 1000;
  const points = runAlong(line, { startMs: start, speedMs: 3 });
  const seconds = points.map((p) => Math.round((p.time! - start) / 1000));
  // Strava's own totals, as it would show them: the distance stream's end, the stream's time.
  return {
    id,
    name: `Run ${id}`,
    sport_type: sport,
    start_date: new Date(start).toISOString(),
    distance: (points.length - 1) * 5,
    moving_time: seconds[seconds.length - 1],
    elapsed_time: seconds[seconds.length - 1],
    streams: {
      time: { data: seconds },
      latlng: { data: points.map((p) => [p.lat, p.lng]) },
      altitude: { data: points.map((p) => p.ele) },
      distance: { data: points.map((_, i) => i * 5) },
    },
  };
}

/** A Strava activity of another sport (no streams needed: never imported). */
export function stravaRide(id: number, daysAgo: number, sport = 'Ride'): FakeStravaActivity {
  const start = Math.floor((Date.now() - daysAgo * DAY) / 1000) * 1000;
  return {
    id,
    name: `${sport} ${id}`,
    sport_type: sport,
    start_date: new Date(start).toISOString(),
    distance: 20_000,
  };
}

/** GET /strava/auth-url then POST /strava/callback with `code` (added to the fake beforehand). */
export async function connectStrava(app: INestApplication, authorization: string, code: string) {
  const http = () => request(app.getHttpServer());
  const { state } = (
    await http().get('/api/v1/strava/auth-url').set('Authorization', authorization).expect(200)
  ).body as { state: string };
  return http()
    .post('/api/v1/strava/callback')
    .set('Authorization', authorization)
    .send({ code, state, scope: 'read,activity:read_all' });
}

/** The time passes to Strava's next rate-limit window: the shared budget in Redis starts afresh. */
export async function newStravaRateWindow(app: INestApplication | INestApplicationContext): Promise<void> {
  const redis = app.get<Redis>(REDIS_CLIENT);
  const keys = await redis.keys(app.get(RedisKeys).key('strava', 'rate', '*'));
  if (keys.length > 0) await redis.del(...keys);
}
