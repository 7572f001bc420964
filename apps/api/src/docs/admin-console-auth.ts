import type { AppConfig } from '@runvs/config';
import type { NextFunction, Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { errorBody } from '../common/error-body';
import type { ConsoleLoginLimiter } from './console-login-limiter';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function credentialsMatch(config: AppConfig, header: string): boolean {
  const password = config.admin.consolePassword;
  if (!password || !header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const user = decoded.slice(0, separator);
  const secret = decoded.slice(separator + 1);
  return separator > 0 && sameSecret(user, config.admin.consoleUser) && sameSecret(secret, password);
}

/**
 * HTTP Basic auth with the admin console credentials, for browser-facing admin tools (Swagger UI,
 * the OpenAPI JSON, queue dashboards). Open in development, closed elsewhere unless authenticated.
 * Failed attempts are limited per client address (ConsoleLoginLimiter): 429 once over the limit,
 * 503 while the limiter cannot count (Redis down) — never unlimited guessing.
 */
export function adminConsoleAuth(config: AppConfig, limiter: ConsoleLoginLimiter) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (config.app.isDevelopment) return next();
    const address = req.ip ?? 'unknown';
    try {
      const lockedFor = await limiter.lockedFor(address);
      if (lockedFor !== null) {
        res.setHeader('Retry-After', String(lockedFor));
        res.status(429).json(errorBody('RATE_LIMITED', 'Too many failed sign-ins; retry later.'));
        return;
      }
      if (credentialsMatch(config, req.headers.authorization ?? '')) return next();
      if (req.headers.authorization?.startsWith('Basic ')) await limiter.recordFailure(address);
    } catch {
      res.setHeader('Retry-After', '5');
      res.status(503).json(errorBody('SERVICE_UNAVAILABLE', 'The admin console is briefly unavailable.'));
      return;
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="RUNVS admin", charset="UTF-8"');
    res.status(401).json(errorBody('AUTH_REQUIRED', 'Admin console credentials required.'));
  };
}
