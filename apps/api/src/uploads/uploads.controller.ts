import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { AvatarService } from '@runvs/identity';
import { ImageUploadsService, type UploadedImage } from '@runvs/storage';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.decorator';
import { readSingleFile } from './multipart';

class UploadedUrlDto {
  @ApiProperty() url!: string;
}

class UploadedImageDto {
  @ApiProperty({ format: 'uuid', description: 'the stored file' }) id!: string;
  @ApiProperty({ description: 'attach it as a course photo_urls entry or an event image_url' }) url!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty() size_bytes!: number;
  @ApiProperty({ enum: ['image/jpeg'] }) content_type!: 'image/jpeg';
}

const FILE_BODY = { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } };

@ApiTags('uploads')
@ApiBearerAuth()
@ApiErrors(
  401,
  403,
  [413, 'PAYLOAD_TOO_LARGE: over the size limit (refused as soon as it is crossed) or too many pixels'],
  [415, 'UNSUPPORTED_FILE_TYPE (not JPEG/PNG/WebP by content) / UNSUPPORTED_MEDIA_TYPE (not multipart)'],
  [422, 'VALIDATION_ERROR: no `file` field, or an unreadable image'],
  429,
)
@Controller('uploads')
export class UploadsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly avatars: AvatarService,
    private readonly images: ImageUploadsService,
  ) {}

  /** Multipart field `file`: a JPEG, PNG or WebP (decided by content) of at most MAX_AVATAR_UPLOAD_MB. */
  @Post('avatar')
  @HttpCode(200)
  @RateLimitBucket('uploads')
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: UploadedUrlDto })
  async avatar(@CurrentUser() user: AuthenticatedUser, @Req() req: Request): Promise<{ url: string }> {
    const file = await readSingleFile(req, { field: 'file', maxBytes: this.config.storage.maxAvatarBytes });
    return this.avatars.upload(user.id, file.buffer);
  }

  /**
   * A course or event photo, multipart field `file`: JPEG, PNG or WebP (decided by content) of at
   * most MAX_IMAGE_UPLOAD_MB, re-encoded as a JPEG without metadata (EXIF and GPS dropped).
   */
  @Post('image')
  @HttpCode(200)
  @RateLimitBucket('uploads')
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: UploadedImageDto })
  async image(@CurrentUser() user: AuthenticatedUser, @Req() req: Request): Promise<UploadedImage> {
    const file = await readSingleFile(req, { field: 'file', maxBytes: this.config.storage.maxImageBytes });
    return this.images.upload(user.id, file.buffer);
  }
}
