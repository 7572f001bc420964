import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { errorBody } from './error-body';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * JSON and form bodies with a size limit. body-parser reports its failures through Express's
 * error chain, before any Nest filter: map them to the contract body here (malformed JSON → 400,
 * over the limit → 413, unsupported charset → 415).
 */
export function useBodyParsing(app: INestApplication, limitBytes: number): void {
  app.use(express.json({ limit: limitBytes, strict: true }));
  app.use(express.urlencoded({ extended: false, limit: limitBytes }));
  app.use((error: BodyParserError, _req: Request, res: Response, next: NextFunction) => {
    switch (error.type) {
      case 'entity.parse.failed':
        res.status(400).json(errorBody('INVALID_JSON', 'The request body is not valid JSON.'));
        return;
      case 'entity.too.large':
        res
          .status(413)
          .json(errorBody('PAYLOAD_TOO_LARGE', `The request body exceeds the limit of ${limitBytes} bytes.`));
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        res.status(415).json(errorBody('UNSUPPORTED_MEDIA_TYPE', error.message));
        return;
      case 'request.aborted':
      case 'request.size.invalid':
      case 'stream.encoding.set':
        res.status(400).json(errorBody('BAD_REQUEST', error.message));
        return;
      default:
        next(error);
    }
  });
}
