import { UserEntity } from '@runvs/database';
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
