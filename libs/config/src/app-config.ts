import {
  type AppEnv,
  type AuthProvider,
  envSchema,
  type RawEnv,
  requireFeatureKeys,
  WORKER_CONCURRENCY_PREFIX,
  workerConcurrencyValue,
} from './env.schema';

/** Worker concurrency overrides by queue name ('run-completion' → 8); unset queues use their default. */
export type QueueConcurrency = Readonly<Record<string, number>>;

/** The one typed configuration object. Nothing outside this lib reads process.env. */
export interface AppConfig {
  app: {
    name: 'RUNVS';
    env: AppEnv;
    isProduction: boolean;
    isDevelopment: boolean;
    host: string;
    port: number;
    /** The api's private /metrics port (not the public one); 0 picks a free port. */
    metricsPort: number;
    publicBaseUrl: string;
    /** Express `trust proxy`: no proxy, the last N hops, or our proxies' addresses/networks. */
    trustProxy: false | number | string[];
    /** Largest JSON/form body of most routes. */
    jsonLimitBytes: number;
    /** Largest JSON body of the @LargeJsonBody() routes (GPS tracks). */
    largeJsonLimitBytes: number;
    corsOrigins: string[];
    logLevel: RawEnv['LOG_LEVEL'];
    /** Error tracking is on when set. */
    sentryDsn?: string;
    /** The release error reports are filed under (the image's version or commit). */
    sentryRelease?: string;
  };
  database: {
    /** The app's connection (api, worker, CLI tasks): a role with DML rights only. */
    url: string;
    /** The schema owner's connection: migrations (and the app role's grants) only. */
    migrationUrl: string;
    poolSize: number;
    /** Connections opened at start and kept open when idle (at most poolSize). */
    poolMin: number;
    logQueries: boolean;
    /** statement_timeout of the app's connections, ms (0 = none). */
    statementTimeoutMs: number;
    /** idle_in_transaction_session_timeout of the app's connections, ms (0 = none). */
    idleInTransactionTimeoutMs: number;
  };
  redis: { url: string; keyPrefix: string };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    refreshReuseGraceSeconds: number;
    /** `iss` and `aud` of our access tokens: a token minted for another service is refused. */
    accessTokenIssuer: string;
    accessTokenAudience: string;
    /** How long a session's auth state (role, ban, ended) may be served from Redis. */
    authStateCacheSeconds: number;
    devLoginEnabled: boolean;
    providers: AuthProvider[];
    providerTimeoutMs: number;
    /** Least time between two JWKS refetches forced by an unknown `kid` (per key set). */
    jwksRefetchCooldownSeconds: number;
    kakao: { appId?: string; apiBaseUrl: string };
    apple: { bundleId?: string; teamId?: string; jwksUrl: string; issuer: string };
    google: { clientIds: string[]; jwksUrl: string; issuers: string[] };
    naver: { clientId?: string; clientSecret?: string; apiBaseUrl: string };
  };
  storage: {
    driver: 'local' | 's3';
    localDir: string;
    /** Private files (import originals, export zips) of the local driver: never served by /uploads. */
    localPrivateDir: string;
    cdnBaseUrl?: string;
    s3: {
      bucket?: string;
      region: string;
      endpoint?: string;
      forcePathStyle: boolean;
      accessKeyId?: string;
      secretAccessKey?: string;
    };
    maxAvatarBytes: number;
    maxImageBytes: number;
    maxImportBytes: number;
  };
  mapbox: { accessToken?: string; baseUrl: string };
  weather: { apiKey?: string; baseUrl: string; cacheSeconds: number };
  /** A heatmap cell shows once at least this many distinct runners passed through it (k ≥ 3). */
  heatmap: { minRunners: number };
  push: {
    fcmServiceAccountPath?: string;
    fcmBaseUrl: string;
    /** Overrides the service account's `token_uri` (tests, proxies). */
    fcmTokenUrl?: string;
    fcmTimeoutMs: number;
  };
  strava: {
    enabled: boolean;
    clientId?: string;
    clientSecret?: string;
    redirectUri?: string;
    oauthBaseUrl: string;
    apiBaseUrl: string;
    tokenEncryptionKey?: Buffer;
    webhookVerifyToken?: string;
  };
  rateLimits: {
    defaultPerMinute: number;
    auth: number;
    uploads: number;
    imports: number;
    strava: number;
    /** Failed Basic-auth attempts on /docs and /queues, per client address. */
    consoleLogin: number;
  };
  admin: {
    swaggerEnabled: boolean;
    consoleUser: string;
    consolePassword?: string;
    initialAdminEmail?: string;
  };
  /** /health/ready answers 503 when a queue has more waiting jobs than this. */
  health: { queueBacklogMax: number };
  worker: {
    concurrency: QueueConcurrency;
    /** The worker's own HTTP port (health and metrics, not public); 0 picks a free port. */
    httpPort: number;
    /** How often the worker checks its connections; readiness fails after 3 missed beats. */
    heartbeatSeconds: number;
    outboxRelayIntervalMs: number;
    /** The relay leaves rows this young to their producer, which publishes them right after its commit. */
    outboxRelayGraceMs: number;
    outboxBatchSize: number;
    /** Runs and imports whose pipeline has not finished this long after commit are enqueued again. */
    pendingWorkSweepAfterSeconds: number;
  };
  runs: { completeRankingWaitMs: number };
  live: {
    /** How long a socket opened without `?token=` has to send its token. */
    authTimeoutSeconds: number;
    /** Ping interval; a socket that misses a pong is dropped. */
    heartbeatSeconds: number;
    /** How often connected users are rechecked (ban, deleted account, revoked session). */
    recheckSeconds: number;
  };
  /** The zone of product-wide calendars: weekly and monthly distance boards start at its midnight. */
  product: { timeZone: string };
  /** Data exports: how long a ready export's download link works. */
  exports: { downloadTtlHours: number };
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nSee .env.example for every key with a working development default.',
    );
    this.name = 'ConfigValidationError';
  }
}

const MB = 1024 * 1024;

/** Local development: the app signs in as the least-privilege role the migrations grant to. */
export const DEFAULT_APP_DATABASE_URL = 'postgres://runvs_app:runvs_app@127.0.0.1:5432/runvs';
/** Local development: the schema owner (the local server's superuser). */
export const DEFAULT_MIGRATION_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/runvs';

/**
 * Validates the environment once and returns the typed config. Every problem is collected and
 * reported in a single error so an operator fixes them all in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.superRefine(requireFeatureKeys).safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const key = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
        return `${key}: ${issue.message}`;
      });
  const concurrency = parseWorkerConcurrency(env, problems);
  if (!parsed.success || problems.length > 0) throw new ConfigValidationError(problems);
  const e = parsed.data;
  return {
    app: {
      name: 'RUNVS',
      env: e.APP_ENV,
      isProduction: e.APP_ENV === 'production',
      isDevelopment: e.APP_ENV === 'development',
      host: e.API_HOST,
      port: e.API_PORT,
      metricsPort: e.API_METRICS_PORT,
      publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
      trustProxy: e.TRUST_PROXY,
      jsonLimitBytes: e.HTTP_JSON_LIMIT_KB * 1024,
      largeJsonLimitBytes: e.HTTP_JSON_LARGE_LIMIT_MB * MB,
      corsOrigins: e.CORS_ORIGINS,
      logLevel: e.LOG_LEVEL,
      sentryDsn: e.SENTRY_DSN,
      sentryRelease: e.SENTRY_RELEASE,
    },
    database: {
      url: e.DATABASE_URL ?? DEFAULT_APP_DATABASE_URL,
      // Unset: the owner's local default when DATABASE_URL is unset too, else DATABASE_URL itself (a
      // single-role deployment: migrations and app as one user, as before the split).
      migrationUrl: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL ?? DEFAULT_MIGRATION_DATABASE_URL,
      poolSize: e.DATABASE_POOL_SIZE,
      poolMin: Math.min(e.DATABASE_POOL_MIN, e.DATABASE_POOL_SIZE),
      logQueries: e.DATABASE_LOG_QUERIES,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
    auth: {
      jwtSecret: e.JWT_SECRET_KEY,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_EXPIRE_MINUTES * 60,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_EXPIRE_DAYS * 86_400,
      refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
      accessTokenIssuer: e.ACCESS_TOKEN_ISSUER,
      accessTokenAudience: e.ACCESS_TOKEN_AUDIENCE,
      authStateCacheSeconds: e.AUTH_STATE_CACHE_SECONDS,
      devLoginEnabled: e.DEV_LOGIN_ENABLED && e.APP_ENV !== 'production',
      providers: e.AUTH_PROVIDERS as AuthProvider[],
      providerTimeoutMs: e.AUTH_PROVIDER_TIMEOUT_MS,
      jwksRefetchCooldownSeconds: e.AUTH_JWKS_REFETCH_COOLDOWN_SECONDS,
      kakao: { appId: e.KAKAO_APP_ID, apiBaseUrl: e.KAKAO_API_BASE_URL },
      apple: {
        bundleId: e.APPLE_BUNDLE_ID,
        teamId: e.APPLE_TEAM_ID,
        jwksUrl: e.APPLE_JWKS_URL,
        issuer: e.APPLE_ISSUER,
      },
      google: { clientIds: e.GOOGLE_CLIENT_IDS, jwksUrl: e.GOOGLE_JWKS_URL, issuers: e.GOOGLE_ISSUERS },
      naver: {
        clientId: e.NAVER_CLIENT_ID,
        clientSecret: e.NAVER_CLIENT_SECRET,
        apiBaseUrl: e.NAVER_API_BASE_URL,
      },
    },
    storage: {
      driver: e.STORAGE_DRIVER,
      localDir: e.LOCAL_STORAGE_DIR,
      localPrivateDir: e.LOCAL_PRIVATE_STORAGE_DIR,
      cdnBaseUrl: e.CDN_BASE_URL?.replace(/\/+$/, ''),
      s3: {
        bucket: e.S3_BUCKET_NAME,
        region: e.S3_REGION,
        endpoint: e.S3_ENDPOINT,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
        accessKeyId: e.AWS_ACCESS_KEY_ID,
        secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
      },
      maxAvatarBytes: e.MAX_AVATAR_UPLOAD_MB * MB,
      maxImageBytes: e.MAX_IMAGE_UPLOAD_MB * MB,
      maxImportBytes: e.MAX_IMPORT_UPLOAD_MB * MB,
    },
    mapbox: { accessToken: e.MAPBOX_ACCESS_TOKEN, baseUrl: e.MAPBOX_BASE_URL.replace(/\/+$/, '') },
    weather: {
      apiKey: e.OPENWEATHER_API_KEY,
      baseUrl: e.OPENWEATHER_BASE_URL.replace(/\/+$/, ''),
      cacheSeconds: e.WEATHER_CACHE_SECONDS,
    },
    heatmap: { minRunners: e.HEATMAP_MIN_RUNNERS },
    push: {
      fcmServiceAccountPath: e.FCM_SERVICE_ACCOUNT_PATH,
      fcmBaseUrl: e.FCM_BASE_URL.replace(/\/+$/, ''),
      fcmTokenUrl: e.FCM_OAUTH_TOKEN_URL,
      fcmTimeoutMs: e.FCM_REQUEST_TIMEOUT_MS,
    },
    strava: {
      enabled: e.STRAVA_ENABLED,
      clientId: e.STRAVA_CLIENT_ID,
      clientSecret: e.STRAVA_CLIENT_SECRET,
      redirectUri: e.STRAVA_REDIRECT_URI,
      oauthBaseUrl: e.STRAVA_OAUTH_BASE_URL.replace(/\/+$/, ''),
      apiBaseUrl: e.STRAVA_API_BASE_URL.replace(/\/+$/, ''),
      tokenEncryptionKey: e.STRAVA_TOKEN_ENCRYPTION_KEY
        ? Buffer.from(e.STRAVA_TOKEN_ENCRYPTION_KEY, 'base64')
        : undefined,
      webhookVerifyToken: e.STRAVA_WEBHOOK_VERIFY_TOKEN,
    },
    rateLimits: {
      defaultPerMinute: e.RATE_LIMIT_DEFAULT_PER_MINUTE,
      auth: e.RATE_LIMIT_AUTH_PER_MINUTE,
      uploads: e.RATE_LIMIT_UPLOADS_PER_MINUTE,
      imports: e.RATE_LIMIT_IMPORTS_PER_MINUTE,
      strava: e.RATE_LIMIT_STRAVA_PER_MINUTE,
      consoleLogin: e.RATE_LIMIT_CONSOLE_LOGIN_PER_MINUTE,
    },
    admin: {
      swaggerEnabled: e.SWAGGER_ENABLED,
      consoleUser: e.ADMIN_CONSOLE_USER,
      consolePassword: e.ADMIN_CONSOLE_PASSWORD,
      initialAdminEmail: e.INITIAL_ADMIN_EMAIL,
    },
    health: { queueBacklogMax: e.HEALTH_QUEUE_BACKLOG_MAX },
    worker: {
      concurrency,
      httpPort: e.WORKER_HTTP_PORT,
      heartbeatSeconds: e.WORKER_HEARTBEAT_SECONDS,
      outboxRelayIntervalMs: e.OUTBOX_RELAY_INTERVAL_MS,
      outboxRelayGraceMs: e.OUTBOX_RELAY_GRACE_MS,
      outboxBatchSize: e.OUTBOX_BATCH_SIZE,
      pendingWorkSweepAfterSeconds: e.PIPELINE_SWEEP_AFTER_SECONDS,
    },
    runs: { completeRankingWaitMs: e.RUN_COMPLETE_RANKING_WAIT_MS },
    live: {
      authTimeoutSeconds: e.LIVE_AUTH_TIMEOUT_SECONDS,
      heartbeatSeconds: e.LIVE_HEARTBEAT_SECONDS,
      recheckSeconds: e.LIVE_RECHECK_SECONDS,
    },
    product: { timeZone: e.PRODUCT_TIME_ZONE },
    exports: { downloadTtlHours: e.EXPORT_DOWNLOAD_TTL_HOURS },
  };
}

/** `WORKER_CONCURRENCY_RUN_COMPLETION=8` → { 'run-completion': 8 }; bad values join `problems`. */
function parseWorkerConcurrency(env: NodeJS.ProcessEnv, problems: string[]): QueueConcurrency {
  const overrides: Record<string, number> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(WORKER_CONCURRENCY_PREFIX) || value === undefined || value === '') continue;
    const parsed = workerConcurrencyValue.safeParse(value);
    if (!parsed.success) {
      problems.push(`${key}: ${parsed.error.issues.map((issue) => issue.message).join(', ')}`);
      continue;
    }
    const queue = key.slice(WORKER_CONCURRENCY_PREFIX.length).toLowerCase().replace(/_/g, '-');
    overrides[queue] = parsed.data;
  }
  return overrides;
}
