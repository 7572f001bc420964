import {
  applyDecorators,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Page } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import {
  type ExpectedImportType,
  type ImportAccepted,
  type ImportDetail,
  ImportsService,
} from '@runvs/imports';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { setUserFileHeaders } from '../common/security-headers';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UuidParam } from '../common/uuid-param';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.decorator';
import { readSingleFile } from '../uploads/multipart';
import { ImportAcceptedDto, ImportDetailDto, ImportPageDto } from './imports-response.dto';

const FILE_BODY = {
  schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } },
} as const;

/** The answers of the three upload routes. */
const UploadAnswers = (refused: string) =>
  applyDecorators(
    ApiCreatedResponse({ type: ImportAcceptedDto, description: 'accepted; the worker parses it' }),
    ApiOkResponse({
      type: ImportAcceptedDto,
      description: 'the very same file was uploaded before: that import (duplicate_of_import_id)',
    }),
    ApiErrors(
      [400, 'BAD_REQUEST: malformed multipart request'],
      [413, 'PAYLOAD_TOO_LARGE: over MAX_IMPORT_UPLOAD_MB'],
      [415, `UNSUPPORTED_FILE_TYPE: ${refused}`],
      [422, 'VALIDATION_ERROR: no file, or an empty one'],
      429,
    ),
  );

/**
 * Activity file imports (contract §11). Uploads answer 201 with the new import's id at once (200
 * with the earlier import when the very same file was uploaded before); the worker parses it.
 * `/imports` and `/imports/` are the same route.
 */
@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imports: ImportsService,
  ) {}

  /** FIT, GPX or TCX (optionally gzip-compressed), decided by content. */
  @Post('upload')
  @RateLimitBucket('imports')
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @UploadAnswers('not a FIT, GPX or TCX file')
  upload(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportAccepted> {
    return this.accept(user, req, res, 'any');
  }

  /** A GPX file (optionally gzip-compressed); other content is refused with 415. */
  @Post('gpx')
  @RateLimitBucket('imports')
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @UploadAnswers('not a GPX file')
  uploadGpx(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportAccepted> {
    return this.accept(user, req, res, 'gpx');
  }

  /** A FIT file (optionally gzip-compressed); other content is refused with 415. */
  @Post('fit')
  @RateLimitBucket('imports')
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @UploadAnswers('not a FIT file')
  uploadFit(
    @CurrentUser() user: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportAccepted> {
    return this.accept(user, req, res, 'fit');
  }

  @Get()
  @ApiOkResponse({ type: ImportPageDto, description: 'my imports, newest first' })
  @ApiErrors(422)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PaginationQueryDto,
  ): Promise<Page<ImportDetail>> {
    return this.imports.list(user.id, query.toPageRequest());
  }

  @Get(':id')
  @ApiOkResponse({ type: ImportDetailDto })
  @ApiErrors([404, 'NOT_FOUND: no such import of mine'], [422, 'VALIDATION_ERROR: id is not a UUID'])
  get(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<ImportDetail> {
    return this.imports.get(user.id, id);
  }

  /**
   * Deletes the import, its stored original and the run it created (boards, stats, totals and
   * streaks recomputed). A run it only duplicated stays.
   */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(
    401,
    403,
    [404, 'NOT_FOUND: no such import of mine'],
    [422, 'VALIDATION_ERROR: id is not a UUID'],
    [503, 'SERVICE_UNAVAILABLE: the original could not be removed from storage; nothing was deleted'],
  )
  async delete(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<void> {
    await this.imports.delete(user.id, id);
  }

  /**
   * The file I uploaded, as I uploaded it — from private storage (originals are never under a
   * public URL). Sent as an attachment with nosniff and a sandboxing CSP, never cached by shared
   * caches. Anyone else's import, a Strava import (no file), or an original deleted with its run: 404.
   */
  @Get(':id/original')
  @ApiOkResponse({
    description: 'the original file (Content-Disposition: attachment)',
    content: {
      'application/gpx+xml': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.ant.fit': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.garmin.tcx+xml': { schema: { type: 'string', format: 'binary' } },
      'application/gzip': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrors(
    401,
    403,
    [404, 'NOT_FOUND: no such import of mine, or it has no stored file'],
    [422, 'VALIDATION_ERROR: id is not a UUID'],
  )
  async original(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.imports.original(user.id, id);
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    setUserFileHeaders(res, file.filename);
    res.setHeader('Cache-Control', 'private, no-store');
    if (file.sizeBytes !== null) res.setHeader('Content-Length', String(file.sizeBytes));
    await pipeline(file.stream, res);
  }

  /** The seed's path for the same thing. */
  @Get(':id/status')
  @ApiOkResponse({ type: ImportDetailDto })
  @ApiErrors([404, 'NOT_FOUND: no such import of mine'], [422, 'VALIDATION_ERROR: id is not a UUID'])
  status(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<ImportDetail> {
    return this.imports.get(user.id, id);
  }

  private async accept(
    user: AuthenticatedUser,
    req: Request,
    res: Response,
    expected: ExpectedImportType,
  ): Promise<ImportAccepted> {
    const file = await readSingleFile(req, { field: 'file', maxBytes: this.config.storage.maxImportBytes });
    const { created, body } = await this.imports.upload(user.id, file, expected);
    res.status(created ? 201 : 200);
    return body;
  }
}
