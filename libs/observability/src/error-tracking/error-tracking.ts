import type { AppConfig } from '@runvs/config';
import { scrubEvent } from './scrub.rules';

type SentrySdk = typeof import('@sentry/nestjs');

/** Loaded only when SENTRY_DSN is set (the SDK and OpenTelemetry are heavy to load). */
let sentry: SentrySdk | undefined;

/** What an error report says about where it happened; ids only, never payloads. */
export interface ErrorContext {
  requestId?: string;
  userId?: string;
  tags?: Record<string, string>;
}

/**
 * Starts error tracking (`@sentry/nestjs`) when SENTRY_DSN is set: release (SENTRY_RELEASE),
 * environment (APP_ENV) and the process as tags; no tracing, no breadcrumbs; every event scrubbed
 * of credentials and request bodies (scrub.rules). Call first thing in main.ts. Returns whether
 * it is on.
 */
export function initErrorTracking(config: AppConfig, processName: 'api' | 'worker'): boolean {
  if (!config.app.sentryDsn) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@sentry/nestjs') as SentrySdk;
  sdk.init({
    dsn: config.app.sentryDsn,
    release: config.app.sentryRelease,
    environment: config.app.env,
    sendDefaultPii: false,
    maxBreadcrumbs: 0,
    initialScope: { tags: { process: processName } },
    beforeSend: (event) => scrubEvent(event),
    beforeSendTransaction: () => null,
  });
  sentry = sdk;
  return true;
}

/** Reports an error the process could not handle (an HTTP 500, a job that failed for good). */
export function reportError(error: unknown, context: ErrorContext = {}): void {
  const sdk = sentry;
  if (!sdk) return;
  sdk.withScope((scope) => {
    if (context.requestId) scope.setTag('request_id', context.requestId);
    if (context.userId) scope.setUser({ id: context.userId });
    for (const [key, value] of Object.entries(context.tags ?? {})) scope.setTag(key, value);
    sdk.captureException(error);
  });
}

/** Sends what is queued before the process exits (waits at most `timeoutMs`). */
export async function flushErrorTracking(timeoutMs = 2_000): Promise<void> {
  await sentry?.flush(timeoutMs);
}
