import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import {
  createUserWithToken,
  eventually,
  freeTcpPort,
  ownerQuery,
  startApi,
  startBuiltProcess,
  testConfig,
  type BuiltProcess,
} from '@runvs/testing';
import { DataSource } from 'typeorm';

/**
 * Issue 14 item 8: the built api's logs carry no credentials from query strings (Strava's webhook
 * verify token, OAuth codes and states, access tokens) and no parameters of a failed query.
 */
describe('log redaction in the real api process', () => {
  let config: AppConfig;
  let api: INestApplication;
  let apiProcess: BuiltProcess | undefined;

  beforeAll(async () => {
    config = testConfig();
    api = await startApi(config);
  });

  afterAll(async () => {
    apiProcess?.kill();
    await api.close();
  });

  it('logs request URLs without secret parameters and failed queries without their parameters', async () => {
    const port = await freeTcpPort();
    apiProcess = startBuiltProcess('apps/api/src/main.js', { API_PORT: String(port), LOG_LEVEL: 'info' });
    const base = `http://127.0.0.1:${port}`;
    await eventually(
      async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200,
      {
        timeoutMs: 30_000,
      },
    );

    const verifyToken = 'verify-token-4f9a7c1e';
    await fetch(
      `${base}/api/v1/strava/webhook?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=challenge-77d2e`,
    );
    await fetch(`${base}/api/v1/strava/callback?code=oauth-code-93b1d&state=state-5c0e2a&scope=read`);

    const runner = await createUserWithToken(api.get(DataSource), config);
    const headers = { Authorization: runner.authorization, 'Content-Type': 'application/json' };
    // A profile update that the database refuses: the failed UPDATE carries the bio in its parameters.
    const bio = 'bio-secret-8e41c0';
    await ownerQuery(`
      CREATE FUNCTION log_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.bio LIKE 'bio-secret-%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await ownerQuery(
      `CREATE TRIGGER log_test_refuse BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION log_test_refuse()`,
    );
    try {
      const failed = await fetch(`${base}/api/v1/users/me/profile?access_token=${runner.token}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ bio }),
      });
      expect(failed.status).toBe(500);
    } finally {
      await ownerQuery(`DROP TRIGGER IF EXISTS log_test_refuse ON users`);
      await ownerQuery(`DROP FUNCTION IF EXISTS log_test_refuse()`);
    }

    // The lines are there (so the redaction below is not vacuous) ...
    const output = await eventually(
      async () => {
        const text = apiProcess!.output();
        return /query failed/.test(text) && /strava\/callback/.test(text) ? text : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(output).toContain('hub.verify_token=[REDACTED]');
    expect(output).toContain('hub.mode=subscribe');
    expect(output).toContain(
      'query failed: UPDATE users SET bio = $2 WHERE id = $1 (2 parameters, not logged)',
    );
    expect(output).toContain('refused by the test');
    // ... and the secrets are not.
    for (const secret of [
      verifyToken,
      'challenge-77d2e',
      'oauth-code-93b1d',
      'state-5c0e2a',
      runner.token,
      bio,
      'PARAMETERS',
    ]) {
      expect(output).not.toContain(secret);
    }
    await apiProcess.stop();
  });
});
