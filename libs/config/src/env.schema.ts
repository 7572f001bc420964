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

/**
 * The raw environment, key by key. Each key is documented in .env.example; defaults are the
 * working development values. Cross-key rules (a feature's keys are required only when the
 * feature is on) live in `requireFeatureKeys` below.
 */
export const envSchema = z.object({
  APP_ENV: z.enum(APP_ENVS).default('development'),
  API_HOST: z.string().default('0.0.0.0'),
  API_PORT: envInt(8000, 0, 65535),
  PUBLIC_BASE_URL: urlWithDefault('http://localhost:8000'),
  TRUST_PROXY: envBoolean(false),
  HTTP_JSON_LIMIT_MB: envInt(8, 1, 64),
  CORS_ORIGINS: stringList(['http://localhost:3000', 'http://localhost:8081', 'http://localhost:19006']),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SENTRY_DSN: optionalUrl,

  DATABASE_URL: urlWithDefault('postgres://postgres@127.0.0.1:5432/runvs'),
  DATABASE_POOL_SIZE: envInt(10, 1, 200),
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

  SWAGGER_ENABLED: envBoolean(true),
  ADMIN_CONSOLE_USER: z.string().default('admin'),
  ADMIN_CONSOLE_PASSWORD: optionalString,
  INITIAL_ADMIN_EMAIL: optionalString,

  WORKER_CONCURRENCY_RUN_COMPLETION: envInt(4, 1, 64),
  WORKER_CONCURRENCY_COURSE_CREATED: envInt(2, 1, 64),
  WORKER_CONCURRENCY_ACTIVITY_IMPORT: envInt(1, 1, 64),
  WORKER_CONCURRENCY_STRAVA_SYNC: envInt(1, 1, 64),
  WORKER_CONCURRENCY_NOTIFICATIONS: envInt(4, 1, 64),
  WORKER_CONCURRENCY_RANKING_RECALC: envInt(2, 1, 64),
  WORKER_CONCURRENCY_MAINTENANCE: envInt(1, 1, 64),
  OUTBOX_RELAY_INTERVAL_MS: envInt(1000, 50, 60_000),
  OUTBOX_BATCH_SIZE: envInt(200, 1, 10_000),
  RUN_COMPLETE_RANKING_WAIT_MS: envInt(1500, 0, 10_000),

  LIVE_AUTH_TIMEOUT_SECONDS: envInt(10, 1, 300),
  LIVE_HEARTBEAT_SECONDS: envInt(30, 1, 600),
  LIVE_RECHECK_SECONDS: envInt(30, 1, 3600),
});

export type RawEnv = z.output<typeof envSchema>;

const DEVELOPMENT_LIKE: readonly AppEnv[] = ['development', 'test'];

/** Keys that become required when their feature is switched on, and production hardening. */
export function requireFeatureKeys(env: RawEnv, ctx: z.RefinementCtx): void {
  const missing = (key: keyof RawEnv, why: string) =>
    ctx.addIssue({ code: 'custom', path: [key], message: `is required ${why}` });

  const isDevelopmentLike = DEVELOPMENT_LIKE.includes(env.APP_ENV);
  if (!isDevelopmentLike) {
    if (env.JWT_SECRET_KEY === DEVELOPMENT_JWT_SECRET || env.JWT_SECRET_KEY.length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET_KEY'],
        message: `must be a private random value of at least 32 characters when APP_ENV=${env.APP_ENV}`,
      });
    }
    if (env.DEV_LOGIN_ENABLED) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_LOGIN_ENABLED'],
        message: `must be false when APP_ENV=${env.APP_ENV}`,
      });
    }
    if (!env.ADMIN_CONSOLE_PASSWORD || env.ADMIN_CONSOLE_PASSWORD.length < 12) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_CONSOLE_PASSWORD'],
        message: `is required (at least 12 characters) when APP_ENV=${env.APP_ENV}`,
      });
    }
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
