import type { AppConfig } from '@runvs/config';
import { UserEntity } from '@runvs/database';
import { signAccessToken } from '@runvs/identity';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

let sequence = 0;

/** A user row with realistic defaults; override any column. */
export async function createUser(
  dataSource: DataSource,
  overrides: Partial<UserEntity> = {},
): Promise<UserEntity> {
  sequence += 1;
  const repository = dataSource.getRepository(UserEntity);
  return repository.save(
    repository.create({
      userCode: randomBytes(4).toString('hex').toUpperCase(),
      email: `runner${sequence}-${randomBytes(3).toString('hex')}@runvs.test`,
      nickname: `runner${sequence}${randomBytes(2).toString('hex')}`.slice(0, 12),
      ...overrides,
    }),
  );
}

/** A user plus a valid access token for it (its own session), and the Authorization header value. */
export async function createUserWithToken(
  dataSource: DataSource,
  config: AppConfig,
  overrides: Partial<UserEntity> = {},
): Promise<{ user: UserEntity; token: string; authorization: string; sessionId: string }> {
  const user = await createUser(dataSource, overrides);
  const sessionId = randomUUID();
  const token = signAccessToken(config, user.id, sessionId);
  return { user, token, authorization: `Bearer ${token}`, sessionId };
}

/** A straight-ish route: `points` positions from `start`, `stepMeters` apart, heading `bearingDegrees`. */
export function lineFrom(
  start: [number, number],
  points: number,
  stepMeters: number,
  bearingDegrees = 0,
): Array<[number, number]> {
  const [lng0, lat0] = start;
  const rad = (bearingDegrees * Math.PI) / 180;
  const metersPerDegLat = 111_320;
  const metersPerDegLng = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  return Array.from({ length: points }, (_, i) => [
    lng0 + (Math.sin(rad) * stepMeters * i) / metersPerDegLng,
    lat0 + (Math.cos(rad) * stepMeters * i) / metersPerDegLat,
  ]);
}

/** A finished run record with a real route geometry; override any column. */
export async function createRunRecord(
  dataSource: DataSource,
  userId: string,
  route: Array<[number, number]>,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const startedAt = (overrides.startedAt as Date | undefined) ?? new Date(Date.now() - 3_600_000);
  const values = {
    source: 'live',
    activity_type: 'run',
    distance_meters: 5000,
    duration_seconds: 1800,
    is_flagged: false,
    course_id: null,
    ...Object.fromEntries(
      Object.entries(overrides)
        .filter(([key]) => key !== 'startedAt')
        .map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
    ),
  };
  const columns = Object.keys(values);
  const [row]: Array<{ id: string }> = await dataSource.query(
    `INSERT INTO run_records (user_id, route_geometry, started_at, finished_at, ${columns.join(', ')})
     VALUES ($1, ST_GeomFromGeoJSON($2)::geography, $3, $4, ${columns.map((_, i) => `$${i + 5}`).join(', ')})
     RETURNING id`,
    [
      userId,
      JSON.stringify({ type: 'LineString', coordinates: route }),
      startedAt,
      new Date(startedAt.getTime() + 1_800_000),
      ...Object.values(values),
    ],
  );
  return row.id;
}
