import { createOrPromoteAdmin } from '@runvs/admin';
import type { AppConfig } from '@runvs/config';
import { dataSourceOptions } from '@runvs/database';
import { createUser, PROJECT_ROOT, testConfig } from '@runvs/testing';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';

const SCRIPT = join(PROJECT_ROOT, 'dist/scripts/create-admin.js');

describe('first admin from the command line (npm run admin:create)', () => {
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = testConfig();
    dataSource = new DataSource(dataSourceOptions(config, 'create-admin-test'));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const roleOf = async (id: string) =>
    (
      (await dataSource.query(`SELECT role, is_banned FROM users WHERE id = $1`, [id])) as Array<{
        role: string;
        is_banned: boolean;
      }>
    )[0];

  it('creates an admin for a new email, and is idempotent', async () => {
    const first = await createOrPromoteAdmin(dataSource, { email: 'ops@runvs.test', nickname: 'ops' });
    expect(first.outcome).toBe('created');
    expect(await roleOf(first.id)).toEqual({ role: 'admin', is_banned: false });
    const again = await createOrPromoteAdmin(dataSource, { email: 'OPS@runvs.test' });
    expect(again).toMatchObject({ id: first.id, outcome: 'already-admin' });
  });

  it('promotes an existing account by id, user code or email, lifting a ban', async () => {
    const byId = await createUser(dataSource, { isBanned: true, bannedReason: 'old' });
    expect((await createOrPromoteAdmin(dataSource, { id: byId.id })).outcome).toBe('promoted');
    expect(await roleOf(byId.id)).toEqual({ role: 'admin', is_banned: false });
    const byCode = await createUser(dataSource);
    expect((await createOrPromoteAdmin(dataSource, { userCode: byCode.userCode.toLowerCase() })).id).toBe(
      byCode.id,
    );
    const byEmail = await createUser(dataSource, { email: 'Runner@RunVS.test' });
    await verifyEmail(byEmail.id, 'runner@runvs.test');
    expect((await createOrPromoteAdmin(dataSource, { email: 'runner@runvs.test' })).id).toBe(byEmail.id);
    await expect(createOrPromoteAdmin(dataSource, { userCode: 'NOPE0000' })).rejects.toThrow(/no user/);
    await expect(createOrPromoteAdmin(dataSource, { id: 'not-a-uuid' })).rejects.toThrow(/no user/);
  });

  /** The account signed in through a provider that vouched for this email. */
  const verifyEmail = (userId: string, email: string) =>
    dataSource.query(
      `INSERT INTO social_accounts (user_id, provider, provider_id, provider_email) VALUES ($1, 'kakao', $2, $3)`,
      [userId, `kakao-${userId}`, email],
    );

  it('refuses an email shared by several accounts, naming them, and promotes none', async () => {
    const older = await createUser(dataSource, { email: 'shared@runvs.test' });
    const newer = await createUser(dataSource, { email: 'SHARED@runvs.test' });
    await verifyEmail(older.id, 'shared@runvs.test');
    await verifyEmail(newer.id, 'shared@runvs.test');
    const refusal = createOrPromoteAdmin(dataSource, { email: 'shared@runvs.test' });
    await expect(refusal).rejects.toThrow(/2 accounts have the email/);
    await expect(refusal).rejects.toThrow(older.id);
    await expect(refusal).rejects.toThrow(newer.id);
    expect((await roleOf(older.id)).role).toBe('user');
    expect((await roleOf(newer.id)).role).toBe('user');
    // Either can still be chosen explicitly.
    expect((await createOrPromoteAdmin(dataSource, { id: newer.id })).outcome).toBe('promoted');
    expect((await roleOf(older.id)).role).toBe('user');
  });

  it('refuses an email no provider verified for that account (dev login takes any address)', async () => {
    const squatter = await createUser(dataSource, { email: 'boss@runvs.test' });
    await expect(createOrPromoteAdmin(dataSource, { email: 'boss@runvs.test' })).rejects.toThrow(
      /no email verified/,
    );
    expect((await roleOf(squatter.id)).role).toBe('user');
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM users WHERE lower(email) = 'boss@runvs.test'`,
    );
    expect(count).toBe(1);
  });

  const run = (args: string[], env: Record<string, string> = {}) =>
    promisify(execFile)('node', [SCRIPT, ...args], {
      cwd: PROJECT_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        APP_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: config.database.url,
        REDIS_URL: config.redis.url,
        ...env,
      },
    });

  it('runs as the built script: --email, INITIAL_ADMIN_EMAIL, and a clear failure', async () => {
    if (!existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: run \`npm run build\` first`);
    const { stdout } = await run(['--email', 'script-admin@runvs.test']);
    expect(stdout).toMatch(/admin created: id=[0-9a-f-]{36}/);
    const fromConfig = await run([], { INITIAL_ADMIN_EMAIL: 'script-admin@runvs.test' });
    expect(fromConfig.stdout).toContain('admin already-admin');
    await expect(run([])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('INITIAL_ADMIN_EMAIL'),
    });
    await createUser(dataSource, { email: 'twice@runvs.test' });
    await createUser(dataSource, { email: 'twice@runvs.test' });
    await expect(run(['--email', 'twice@runvs.test'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('2 accounts have the email'),
    });
    const [row] = await dataSource.query(`SELECT role FROM users WHERE email = 'script-admin@runvs.test'`);
    expect(row.role).toBe('admin');
  });
});
