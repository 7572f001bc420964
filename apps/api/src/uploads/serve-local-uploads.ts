import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { LOCAL_UPLOADS_PATH, PRIVATE_KEY_PREFIX } from '@runvs/storage';
import express, { type NextFunction, type Request, type Response } from 'express';
import { resolve } from 'node:path';
import { setUserFileHeaders } from '../common/security-headers';

/**
 * With local storage, the api serves the public stored files itself at /uploads/<key> (outside
 * /api/v1): avatars, images, course thumbnails — never private files, which live in another
 * directory. Each is sent as a sandboxed attachment (setUserFileHeaders). Keys never change
 * content, so they may be cached for a year; unknown paths fall through to the contract's 404.
 */
export function serveLocalUploads(app: INestApplication, config: AppConfig): void {
  if (config.storage.driver !== 'local') return;
  const serve = express.static(resolve(config.storage.localDir), {
    index: false,
    dotfiles: 'ignore',
    redirect: false,
    fallthrough: true,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => setUserFileHeaders(res),
  });
  // Keys under private/ (data exports) are read only through their owner's authenticated routes.
  app.use(LOCAL_UPLOADS_PATH, (req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith(`/${PRIVATE_KEY_PREFIX}`) ? next() : serve(req, res, next),
  );
}
