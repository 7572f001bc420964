import type { AppConfig } from '@runvs/config';
import type { NextFunction, Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { errorBody } from '../common/error-body';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * HTTP Basic auth with the admin console credentials, for browser-facing admin tools (Swagger UI,
 * the OpenAPI JSON, queue dashboards). Open in development, closed elsewhere unless authenticated.
 */
export function adminConsoleAuth(config: AppConfig) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (config.app.isDevelopment) return next();
    const password = config.admin.consolePassword;
    const header = req.headers.authorization ?? '';
    if (password && header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const user = decoded.slice(0, separator);
      const secret = decoded.slice(separator + 1);
      if (separator > 0 && sameSecret(user, config.admin.consoleUser) && sameSecret(secret, password))
        return next();
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="RUNVS admin", charset="UTF-8"');
    res.status(401).json(errorBody('AUTH_REQUIRED', 'Admin console credentials required.'));
  };
}
