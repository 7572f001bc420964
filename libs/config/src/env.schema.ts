import { isIP } from 'node:net';
import { z } from 'zod';

/** "true/1/yes/on" and "false/0/no/off" (any case); anything else is a validation error. */
const envBoolean = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(value)) return true;
      if (['false', '0', 'no', 'off'].includes(value)) return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false, got "${value}"` });
      return z.NEVER;
    });

/**
 * Which hops of X-Forwarded-For to believe: none (false/0/empty), the last N (a hop count), or the
 * addresses and networks of our own proxies (comma-separated IPs/CIDRs, or Express's names
 * loopback, linklocal, uniquelocal). `true` is refused: it lets any client pick its address.
 */
const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): false | number | string[] => {
    if (value === undefined || value === '' || /^(false|no|off)$/i.test(value)) return false;
    if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
    if (/^(true|yes|on)$/i.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must not be true (any client could choose its IP with X-Forwarded-For): give the number of ' +
          'proxies in front of the api, or their addresses/networks (e.g. 10.0.0.0/8)',
      });
      return z.NEVER;
    }
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const invalid = entries.filter((entry) => !isProxyAddress(entry));
    if (invalid.length > 0) {
      ctx.addIssue({ code: 'custom', message: `not an IP address or network: ${invalid.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });

function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** An IANA zone Intl knows (`Asia/Seoul`, `UTC`). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const envInt = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (value) => (value === undefined || value === '' ? fallback : value),
    z.coerce.number().int().min(min).max(max),
  );

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const urlWithDefault = (fallback: string) =>
  z.preprocess((value) => (value === undefined || value === '' ? fallback : value), z.url());

const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());

/** Comma-separated list or JSON array (the seed's CORS_ORIGINS is a JSON array). */
const stringList = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      const trimmed = value.trim();
      if (trimmed.startsWith('[')) {
        try {
          const parsed: unknown = JSON.parse(trimmed);
          if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string'))
            return parsed as string[];
        } catch {
          // fall through to the issue below
        }
        ctx.addIssue({
          code: 'custom',
          message: 'must be a JSON array of strings or a comma-separated list',
        });
        return z.NEVER;
      }
      return trimmed
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    });

export const AUTH_PROVIDERS = ['kakao', 'apple', 'google', 'naver'] as const;
export type AuthProvider = (typeof AUTH_PROVIDERS)[number];

export const APP_ENVS = ['development', 'test', 'staging', 'production'] as const;
export type AppEnv = (typeof APP_ENVS)[number];

/** The development-only JWT secret from .env.example; refused outside development and test. */
export const DEVELOPMENT_JWT_SECRET = 'dev-only-insecure-jwt-secret-change-me-0123456789';

/** The shortest JWT secret accepted outside development, and its least variety of characters. */
export const MIN_PRODUCTION_JWT_SECRET_LENGTH = 32;
const MIN_JWT_SECRET_DISTINCT_CHARACTERS = 12;
export const MIN_CONSOLE_PASSWORD_LENGTH = 12;

/**
 * The raw environment, key by key. Each key is documented in .env.example; defaults are the
 * working development values. Cross-key rules (a feature's keys are required only when the
 * feature is on) live in `requireFeatureKeys` below.
 */
export const envSchema = z.object({
  // Unset means production: only the local scripts (.env from .env.example, the tests) say otherwise.
  APP_ENV: z.enum(APP_ENVS).default('production'),
  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: envInt(8000, 0, 65535),
  API_METRICS_PORT: envInt(9100, 0, 65535),
  PUBLIC_BASE_URL: urlWithDefault('http://localhost:8000'),
  TRUST_PROXY: trustProxy,
  HTTP_JSON_LIMIT_KB: envInt(100, 1, 10_240),
  HTTP_JSON_LARGE_LIMIT_MB: envInt(8, 1, 64),
  CORS_ORIGINS: stringList(['http://localhost:3000', 'http://localhost:8081', 'http://localhost:19006']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SENTRY_DSN: optionalUrl,
  SENTRY_RELEASE: optionalString,

  // Defaults (local development) are applied in app-config: the app's role and the owner's.
  DATABASE_URL: optionalUrl,
  MIGRATION_DATABASE_URL: optionalUrl,
  DATABASE_POOL_SIZE: envInt(10, 1, 200),
  DATABASE_POOL_MIN: envInt(2, 0, 200),
  DATABASE_STATEMENT_TIMEOUT_MS: envInt(30_000, 0, 3_600_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: envInt(60_000, 0, 3_600_000),
  DATABASE_LOG_QUERIES: envBoolean(false),

  REDIS_URL: urlWithDefault('redis://127.0.0.1:6379/0'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only')
    .default('runvs'),

  JWT_SECRET_KEY: z.string().default(DEVELOPMENT_JWT_SECRET),
  ACCESS_TOKEN_EXPIRE_MINUTES: envInt(30, 1, 24 * 60),
  REFRESH_TOKEN_EXPIRE_DAYS: envInt(30, 1, 365),
  REFRESH_REUSE_GRACE_SECONDS: envInt(30, 0, 300),
  ACCESS_TOKEN_ISSUER: z.string().trim().min(1).default('runvs-api'),
  ACCESS_TOKEN_AUDIENCE: z.string().trim().min(1).default('runvs-app'),
  AUTH_STATE_CACHE_SECONDS: envInt(60, 1, 600),
  DEV_LOGIN_ENABLED: envBoolean(false),

  AUTH_PROVIDERS: stringList([]),
  AUTH_PROVIDER_TIMEOUT_MS: envInt(5000, 100, 60_000),
  AUTH_JWKS_REFETCH_COOLDOWN_SECONDS: envInt(30, 0, 3600),
  KAKAO_APP_ID: optionalString,
  KAKAO_API_BASE_URL: urlWithDefault('https://kapi.kakao.com'),
  APPLE_BUNDLE_ID: optionalString,
  APPLE_TEAM_ID: optionalString,
  APPLE_JWKS_URL: urlWithDefault('https://appleid.apple.com/auth/keys'),
  APPLE_ISSUER: z.string().default('https://appleid.apple.com'),
  GOOGLE_CLIENT_IDS: stringList([]),
  GOOGLE_JWKS_URL: urlWithDefault('https://www.googleapis.com/oauth2/v3/certs'),
  GOOGLE_ISSUERS: stringList(['https://accounts.google.com', 'accounts.google.com']),
  NAVER_CLIENT_ID: optionalString,
  NAVER_CLIENT_SECRET: optionalString,
  NAVER_API_BASE_URL: urlWithDefault('https://openapi.naver.com'),

  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  LOCAL_STORAGE_DIR: z.string().default('./var/uploads'),
  LOCAL_PRIVATE_STORAGE_DIR: z.string().default('./var/private'),
  CDN_BASE_URL: optionalUrl,
  S3_BUCKET_NAME: optionalString,
  S3_REGION: z.string().default('ap-northeast-2'),
  S3_ENDPOINT: optionalUrl,
  S3_FORCE_PATH_STYLE: envBoolean(false),
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  MAX_AVATAR_UPLOAD_MB: envInt(5, 1, 50),
  MAX_IMAGE_UPLOAD_MB: envInt(10, 1, 50),
  MAX_IMPORT_UPLOAD_MB: envInt(20, 1, 200),

  MAPBOX_ACCESS_TOKEN: optionalString,
  MAPBOX_BASE_URL: urlWithDefault('https://api.mapbox.com'),

  OPENWEATHER_API_KEY: optionalString,
  OPENWEATHER_BASE_URL: urlWithDefault('https://api.openweathermap.org'),
  WEATHER_CACHE_SECONDS: envInt(600, 10, 86_400),

  HEATMAP_MIN_RUNNERS: envInt(3, 3, 1000),

  FCM_SERVICE_ACCOUNT_PATH: optionalString,
  FCM_BASE_URL: urlWithDefault('https://fcm.googleapis.com'),
  FCM_OAUTH_TOKEN_URL: optionalUrl,
  FCM_REQUEST_TIMEOUT_MS: envInt(10_000, 100, 60_000),

  STRAVA_ENABLED: envBoolean(false),
  STRAVA_CLIENT_ID: optionalString,
  STRAVA_CLIENT_SECRET: optionalString,
  STRAVA_REDIRECT_URI: optionalUrl,
  STRAVA_OAUTH_BASE_URL: urlWithDefault('https://www.strava.com/oauth'),
  STRAVA_API_BASE_URL: urlWithDefault('https://www.strava.com/api/v3'),
  STRAVA_TOKEN_ENCRYPTION_KEY: optionalString,
  STRAVA_WEBHOOK_VERIFY_TOKEN: optionalString,

  RATE_LIMIT_DEFAULT_PER_MINUTE: envInt(100, 1, 1_000_000),
  RATE_LIMIT_AUTH_PER_MINUTE: envInt(10, 1, 1_000_000),
  RATE_LIMIT_UPLOADS_PER_MINUTE: envInt(20, 1, 1_000_000),
  RATE_LIMIT_IMPORTS_PER_MINUTE: envInt(10, 1, 1_000_000),
  RATE_LIMIT_STRAVA_PER_MINUTE: envInt(5, 1, 1_000_000),
  RATE_LIMIT_CONSOLE_LOGIN_PER_MINUTE: envInt(10, 1, 1_000_000),

  SWAGGER_ENABLED: envBoolean(true),
  ADMIN_CONSOLE_USER: z.string().default('admin'),
  ADMIN_CONSOLE_PASSWORD: optionalString,
  INITIAL_ADMIN_EMAIL: optionalString,

  WORKER_HTTP_PORT: envInt(9101, 0, 65535),
  WORKER_HEARTBEAT_SECONDS: envInt(10, 1, 300),
  HEALTH_QUEUE_BACKLOG_MAX: envInt(10_000, 1, 10_000_000),

  OUTBOX_RELAY_INTERVAL_MS: envInt(1000, 50, 60_000),
  OUTBOX_RELAY_GRACE_MS: envInt(2000, 0, 600_000),
  OUTBOX_BATCH_SIZE: envInt(200, 1, 10_000),
  PIPELINE_SWEEP_AFTER_SECONDS: envInt(600, 1, 86_400),
  RUN_COMPLETE_RANKING_WAIT_MS: envInt(1500, 0, 10_000),

  LIVE_AUTH_TIMEOUT_SECONDS: envInt(10, 1, 300),
  LIVE_HEARTBEAT_SECONDS: envInt(30, 1, 600),
  LIVE_RECHECK_SECONDS: envInt(30, 1, 3600),

  EXPORT_DOWNLOAD_TTL_HOURS: envInt(168, 1, 24 * 90),

  PRODUCT_TIME_ZONE: z
    .string()
    .trim()
    .default('Asia/Seoul')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Seoul' }),
});

export type RawEnv = z.output<typeof envSchema>;

/**
 * Per-queue worker concurrency overrides, `WORKER_CONCURRENCY_<QUEUE NAME>` (run-completion →
 * WORKER_CONCURRENCY_RUN_COMPLETION). The keys follow the queue table in libs/queue, so they are
 * read by prefix; the worker refuses to boot when one names no queue.
 */
export const WORKER_CONCURRENCY_PREFIX = 'WORKER_CONCURRENCY_';
export const workerConcurrencyValue = envInt(1, 1, 64);

const DEVELOPMENT_LIKE: readonly AppEnv[] = ['development', 'test'];

/**
 * What refuses to start outside development and test: a published or guessable JWT secret (anyone
 * could sign tokens as any user), dev login (email-only sign-in as anyone), and admin consoles
 * (Swagger, the queue dashboard that retries and deletes jobs) without a real password.
 */
export function productionProblems(env: RawEnv): Array<[keyof RawEnv, string]> {
  const problems: Array<[keyof RawEnv, string]> = [];
  const where = `when APP_ENV=${env.APP_ENV}`;
  const secret = env.JWT_SECRET_KEY;
  if (secret === DEVELOPMENT_JWT_SECRET) {
    problems.push(['JWT_SECRET_KEY', `must not be the published development secret ${where}`]);
  } else if (
    secret.length < MIN_PRODUCTION_JWT_SECRET_LENGTH ||
    new Set(secret).size < MIN_JWT_SECRET_DISTINCT_CHARACTERS
  ) {
    problems.push([
      'JWT_SECRET_KEY',
      `must be a private random value of at least ${MIN_PRODUCTION_JWT_SECRET_LENGTH} characters ` +
        `(openssl rand -base64 48) ${where}`,
    ]);
  }
  if (env.DEV_LOGIN_ENABLED) problems.push(['DEV_LOGIN_ENABLED', `must be false ${where}`]);
  const password = env.ADMIN_CONSOLE_PASSWORD;
  if (!password || password.length < MIN_CONSOLE_PASSWORD_LENGTH || password === env.ADMIN_CONSOLE_USER) {
    problems.push([
      'ADMIN_CONSOLE_PASSWORD',
      `is required (at least ${MIN_CONSOLE_PASSWORD_LENGTH} characters, not the user name) ${where}`,
    ]);
  }
  return problems;
}

/** Keys that become required when their feature is switched on, and production hardening. */
export function requireFeatureKeys(env: RawEnv, ctx: z.RefinementCtx): void {
  const missing = (key: keyof RawEnv, why: string) =>
    ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` });

  if (!DEVELOPMENT_LIKE.includes(env.APP_ENV)) {
    for (const [key, message] of productionProblems(env))
      ctx.addIssue({ code: 'custom', path: [key], message });
  } else if (env.JWT_SECRET_KEY.length < 16) {
    ctx.addIssue({ code: 'custom', path: ['JWT_SECRET_KEY'], message: 'must be at least 16 characters' });
  }

  for (const provider of env.AUTH_PROVIDERS) {
    if (!(AUTH_PROVIDERS as readonly string[]).includes(provider)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_PROVIDERS'],
        message: `unknown provider "${provider}" (expected ${AUTH_PROVIDERS.join(', ')})`,
      });
    }
  }
  const enabled = new Set(env.AUTH_PROVIDERS);
  if (enabled.has('kakao') && !env.KAKAO_APP_ID) missing('KAKAO_APP_ID', 'when kakao is in AUTH_PROVIDERS');
  if (enabled.has('apple') && !env.APPLE_BUNDLE_ID)
    missing('APPLE_BUNDLE_ID', 'when apple is in AUTH_PROVIDERS');
  if (enabled.has('google') && env.GOOGLE_CLIENT_IDS.length === 0) {
    missing('GOOGLE_CLIENT_IDS', 'when google is in AUTH_PROVIDERS');
  }
  if (enabled.has('naver')) {
    if (!env.NAVER_CLIENT_ID) missing('NAVER_CLIENT_ID', 'when naver is in AUTH_PROVIDERS');
    if (!env.NAVER_CLIENT_SECRET) missing('NAVER_CLIENT_SECRET', 'when naver is in AUTH_PROVIDERS');
  }

  if (env.STORAGE_DRIVER === 's3') {
    if (!env.S3_BUCKET_NAME) missing('S3_BUCKET_NAME', 'when STORAGE_DRIVER=s3');
    if (!env.AWS_ACCESS_KEY_ID) missing('AWS_ACCESS_KEY_ID', 'when STORAGE_DRIVER=s3');
    if (!env.AWS_SECRET_ACCESS_KEY) missing('AWS_SECRET_ACCESS_KEY', 'when STORAGE_DRIVER=s3');
  }

  if (env.STRAVA_ENABLED) {
    const why = 'when STRAVA_ENABLED=true';
    if (!env.STRAVA_CLIENT_ID) missing('STRAVA_CLIENT_ID', why);
    if (!env.STRAVA_CLIENT_SECRET) missing('STRAVA_CLIENT_SECRET', why);
    if (!env.STRAVA_REDIRECT_URI) missing('STRAVA_REDIRECT_URI', why);
    if (!env.STRAVA_WEBHOOK_VERIFY_TOKEN) missing('STRAVA_WEBHOOK_VERIFY_TOKEN', why);
    const key = env.STRAVA_TOKEN_ENCRYPTION_KEY;
    if (!key) missing('STRAVA_TOKEN_ENCRYPTION_KEY', why);
    else if (Buffer.from(key, 'base64').length !== 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRAVA_TOKEN_ENCRYPTION_KEY'],
        message: 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)',
      });
    }
  }
}
