import type { AppConfig } from '@runvs/config';
import { UserEntity } from '@runvs/database';
import { signAccessToken } from '@runvs/identity';
import { randomBytes } from 'node:crypto';
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

/** A user plus a valid access token for it, and the Authorization header value. */
export async function createUserWithToken(
  dataSource: DataSource,
  config: AppConfig,
  overrides: Partial<UserEntity> = {},
): Promise<{ user: UserEntity; token: string; authorization: string }> {
  const user = await createUser(dataSource, overrides);
  const token = signAccessToken(config, user.id);
  return { user, token, authorization: `Bearer ${token}` };
}
