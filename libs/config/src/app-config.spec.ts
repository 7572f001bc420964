import { ConfigValidationError, loadConfig } from './app-config';
import { DEVELOPMENT_JWT_SECRET } from './env.schema';

/** What the local scripts set; everything else is production. */
const DEVELOPMENT = { APP_ENV: 'development' };
const PRODUCTION_SECRETS = {
  JWT_SECRET_KEY: 'd8Qm2vT9xK4pL7nB1cR6yW3zH5jF0sGa',
  ADMIN_CONSOLE_PASSWORD: 'a-long-admin-password',
};

describe('loadConfig', () => {
  it('boots with working development defaults when APP_ENV=development', () => {
    const config = loadConfig(DEVELOPMENT);
    expect(config.app.env).toBe('development');
    expect(config.app.port).toBe(8000);
    expect(config.database.url).toBe('postgres://runvs_app:runvs_app@127.0.0.1:5432/runvs');
    expect(config.database.migrationUrl).toBe('postgres://postgres@127.0.0.1:5432/runvs');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379/0');
    expect(config.auth.accessTokenTtlSeconds).toBe(30 * 60);
    expect(config.storage.driver).toBe('local');
    expect(config.strava.enabled).toBe(false);
    expect(config.rateLimits.defaultPerMinute).toBe(100);
  });

  it('parses typed values, lists in both notations and booleans', () => {
    const config = loadConfig({
      ...DEVELOPMENT,
      API_PORT: '9000',
      CORS_ORIGINS: '["https://runvs.run","https://admin.runvs.run"]',
      GOOGLE_CLIENT_IDS: 'ios-id, android-id',
      AUTH_PROVIDERS: 'google',
      DEV_LOGIN_ENABLED: 'yes',
    });
    expect(config.app.port).toBe(9000);
    expect(config.app.corsOrigins).toEqual(['https://runvs.run', 'https://admin.runvs.run']);
    expect(config.auth.google.clientIds).toEqual(['ios-id', 'android-id']);
    expect(config.auth.devLoginEnabled).toBe(true);
  });

  it('lists every problem in one message', () => {
    let caught: unknown;
    try {
      loadConfig({
        ...DEVELOPMENT,
        API_PORT: 'eighty',
        DATABASE_URL: 'not a url',
        DEV_LOGIN_ENABLED: 'maybe',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const problems = (caught as ConfigValidationError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/API_PORT/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/DEV_LOGIN_ENABLED: must be true or false/);
    expect((caught as Error).message).toMatch(/^Invalid configuration \(3 problems\)/);
  });

  it('requires a feature’s keys only when the feature is enabled', () => {
    expect(() => loadConfig({ ...DEVELOPMENT, STRAVA_CLIENT_ID: '' })).not.toThrow();
    let caught: ConfigValidationError | undefined;
    try {
      loadConfig({
        ...DEVELOPMENT,
        STRAVA_ENABLED: 'true',
        STORAGE_DRIVER: 's3',
        AUTH_PROVIDERS: 'kakao,apple,naver,google',
      });
    } catch (error) {
      caught = error as ConfigValidationError;
    }
    const keys = caught!.problems.map((problem) => problem.split(':')[0]);
    expect(keys).toEqual(
      expect.arrayContaining([
        'STRAVA_CLIENT_ID',
        'STRAVA_CLIENT_SECRET',
        'STRAVA_REDIRECT_URI',
        'STRAVA_TOKEN_ENCRYPTION_KEY',
        'STRAVA_WEBHOOK_VERIFY_TOKEN',
        'S3_BUCKET_NAME',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'KAKAO_APP_ID',
        'APPLE_BUNDLE_ID',
        'NAVER_CLIENT_ID',
        'NAVER_CLIENT_SECRET',
        'GOOGLE_CLIENT_IDS',
      ]),
    );
  });

  it('reads TRUST_PROXY as a hop count or proxy networks, never "trust everybody" (issue 14 item 5)', () => {
    const trust = (value: string) => loadConfig({ ...DEVELOPMENT, TRUST_PROXY: value }).app.trustProxy;
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 127.0.0.1,loopback,fd00::/8')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      'loopback',
      'fd00::/8',
    ]);
    for (const value of ['true', 'yes', 'on'])
      expect(() => trust(value)).toThrow(/TRUST_PROXY: must not be true/);
    for (const value of ['proxy.local', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/8/1']) {
      expect(() => trust(value)).toThrow(/TRUST_PROXY: not an IP address or network/);
    }
  });

  it('rejects an unknown auth provider', () => {
    expect(() => loadConfig({ ...DEVELOPMENT, AUTH_PROVIDERS: 'facebook' })).toThrow(
      /unknown provider "facebook"/,
    );
  });

  it('runs as production when APP_ENV is unset, and then refuses the published defaults (issue 14 item 4)', () => {
    let caught: ConfigValidationError | undefined;
    try {
      loadConfig({ JWT_SECRET_KEY: DEVELOPMENT_JWT_SECRET, DEV_LOGIN_ENABLED: 'true' });
    } catch (error) {
      caught = error as ConfigValidationError;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    expect(caught!.problems).toEqual([
      'JWT_SECRET_KEY: must not be the published development secret when APP_ENV=production',
      'DEV_LOGIN_ENABLED: must be false when APP_ENV=production',
      'ADMIN_CONSOLE_PASSWORD: is required (at least 12 characters, not the user name) when APP_ENV=production',
    ]);
    const config = loadConfig(PRODUCTION_SECRETS);
    expect(config.app.env).toBe('production');
    expect(config.app.isProduction).toBe(true);
    expect(config.app.isDevelopment).toBe(false);
  });

  it.each([
    ['the .env.example secret', { JWT_SECRET_KEY: DEVELOPMENT_JWT_SECRET }, 'JWT_SECRET_KEY'],
    ['a short secret', { JWT_SECRET_KEY: 'short-secret-0123456789' }, 'JWT_SECRET_KEY'],
    ['a long secret of few characters', { JWT_SECRET_KEY: 'x'.repeat(48) }, 'JWT_SECRET_KEY'],
    ['dev login', { DEV_LOGIN_ENABLED: 'true' }, 'DEV_LOGIN_ENABLED'],
    ['no console password', { ADMIN_CONSOLE_PASSWORD: '' }, 'ADMIN_CONSOLE_PASSWORD'],
    ['a short console password', { ADMIN_CONSOLE_PASSWORD: 'admin123' }, 'ADMIN_CONSOLE_PASSWORD'],
    [
      'the user name as console password',
      { ADMIN_CONSOLE_USER: 'operator-on-duty', ADMIN_CONSOLE_PASSWORD: 'operator-on-duty' },
      'ADMIN_CONSOLE_PASSWORD',
    ],
  ])('refuses to start outside development with %s', (_name, override, key) => {
    for (const env of ['production', 'staging', undefined]) {
      let problems: string[] = [];
      try {
        loadConfig({ ...PRODUCTION_SECRETS, APP_ENV: env, ...override });
      } catch (error) {
        problems = (error as ConfigValidationError).problems;
      }
      expect(problems.map((problem) => problem.split(':')[0])).toEqual([key]);
    }
    // The local scripts' environments keep working with the development defaults.
    expect(() => loadConfig({ ...PRODUCTION_SECRETS, APP_ENV: 'development', ...override })).not.toThrow();
  });

  it('decodes the Strava token encryption key and checks its length', () => {
    const base = {
      ...DEVELOPMENT,
      STRAVA_ENABLED: 'true',
      STRAVA_CLIENT_ID: '1',
      STRAVA_CLIENT_SECRET: 's',
      STRAVA_REDIRECT_URI: 'http://localhost/cb',
      STRAVA_WEBHOOK_VERIFY_TOKEN: 'v',
    };
    expect(() => loadConfig({ ...base, STRAVA_TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/32 random bytes/);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ ...base, STRAVA_TOKEN_ENCRYPTION_KEY: key }).strava.tokenEncryptionKey).toHaveLength(
      32,
    );
  });
});
