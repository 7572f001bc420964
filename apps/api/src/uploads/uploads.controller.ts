import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { AvatarService } from '@runvs/identity';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.decorator';
import { readSingleFile } from './multipart';

@ApiTags('uploads')
@ApiBearerAuth()
@Controller('uploads')
export class UploadsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly avatars: AvatarService,
  ) {}

  /** Multipart field `file`: a JPEG, PNG or WebP (decided by content) of at most MAX_AVATAR_UPLOAD_MB. */
  @Post('avatar')
  @HttpCode(200)
  @RateLimitBucket('uploads')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  async avatar(@CurrentUser() user: AuthenticatedUser, @Req() req: Request): Promise<{ url: string }> {
    const file = await readSingleFile(req, { field: 'file', maxBytes: this.config.storage.maxAvatarBytes });
    return this.avatars.upload(user.id, file.buffer);
  }
}
