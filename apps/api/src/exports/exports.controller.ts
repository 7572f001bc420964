import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type ExportView, ExportsService } from '@runvs/exports';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { UuidParam } from '../common/uuid-param';

class ExportViewDto implements ExportView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['pending', 'running', 'ready', 'failed', 'expired'] }) status!: ExportView['status'];
  @ApiProperty() created_at!: string;
  @ApiProperty({ type: String, nullable: true }) completed_at!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'until when the download link works' })
  expires_at!: string | null;
  @ApiProperty({ type: Number, nullable: true }) size_bytes!: number | null;
  @ApiProperty({ type: Number, nullable: true }) run_count!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'needs my access token; null unless ready' })
  download_url!: string | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

/** My data, given back: a zip of every run (GPX + original upload) and JSON of everything else. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post('export')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ExportViewDto, description: 'queued; poll GET /users/me/exports/{id}' })
  @ApiErrors(401, [409, 'EXPORT_IN_PROGRESS: one export at a time (details.export_id)'])
  request(@CurrentUser() user: AuthenticatedUser): Promise<ExportView> {
    return this.exports.request(user.id);
  }

  @Get('exports/:id')
  @ApiOkResponse({ type: ExportViewDto })
  @ApiErrors(401, [404, 'no export of mine with this id'], 422)
  status(@CurrentUser() user: AuthenticatedUser, @UuidParam('id') id: string): Promise<ExportView> {
    return this.exports.status(user.id, id);
  }

  @Get('exports/:id/download')
  @ApiOkResponse({
    description: 'the zip (Content-Disposition: attachment)',
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(
    401,
    [404, 'no export of mine with this id'],
    [409, 'not ready yet'],
    [410, 'EXPORT_EXPIRED'],
    422,
  )
  async download(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam('id') id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.exports.download(user.id, id);
    res.status(200);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (file.sizeBytes !== null) res.setHeader('Content-Length', String(file.sizeBytes));
    await pipeline(file.stream, res);
  }
}
