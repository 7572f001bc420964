import { PROJECT_ROOT } from '@runvs/testing';
import { spawnSync } from 'node:child_process';

/**
 * scripts/lib.sh ensure_services (npm start, npm test, CI): servers that already answer at
 * PGHOST/PGPORT and REDIS_URL (CI service containers) are used as they are, and a remote server that
 * does not answer is an error, never replaced by a freshly installed local one.
 */
describe('ensure_services (scripts/lib.sh)', () => {
  function ensureServices(env: Record<string, string>) {
    const result = spawnSync('bash', ['-c', 'source scripts/lib.sh && ensure_services'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
    });
    return { status: result.status, log: result.stderr };
  }

  const server = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const running = {
    PGHOST: server.hostname,
    PGPORT: server.port || '5432',
    PGUSER: decodeURIComponent(server.username) || 'postgres',
    PGPASSWORD: decodeURIComponent(server.password),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  };

  it('uses the PostgreSQL and Redis that answer, installing and starting nothing', () => {
    const result = ensureServices(running);
    expect(result.status).toBe(0);
    expect(result.log).toContain(`PostgreSQL answers at ${running.PGHOST}:${running.PGPORT}`);
    expect(result.log).toContain(`Redis answers at ${running.REDIS_URL}`);
    expect(result.log).not.toMatch(/apt-get|starting/);
  });

  it('refuses to stand in for a remote PostgreSQL that does not answer', () => {
    const result = ensureServices({ ...running, PGHOST: '127.0.0.2', PGPORT: '1' });
    expect(result.status).toBe(1);
    expect(result.log).toContain('PostgreSQL does not answer at 127.0.0.2:1 (PGHOST is not this machine');
    expect(result.log).not.toMatch(/apt-get|starting/);
  });

  it('refuses to stand in for a remote Redis that does not answer', () => {
    const result = ensureServices({ ...running, REDIS_URL: 'redis://127.0.0.2:1/0' });
    expect(result.status).toBe(1);
    expect(result.log).toContain('Redis does not answer at redis://127.0.0.2:1/0 (not this machine');
    expect(result.log).not.toMatch(/apt-get|starting Redis/);
  });
});
