import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { isForeignKeyViolation } from '@runvs/database';
import { ObjectStorage } from '@runvs/storage';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { detectImageType } from '@runvs/storage';

/** Avatars are stored as square JPEGs of at most this many pixels a side. */
export const AVATAR_SIZE = 512;
/** Decompression-bomb guard: refuse images with more pixels than this before decoding. */
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * Avatar upload: the type is decided by the content (JPEG, PNG or WebP magic bytes), the image is
 * decoded and re-encoded by sharp — turned upright by its EXIF orientation, cropped to a centred
 * square of at most 512 px (never enlarged), transparency flattened onto white, written as a JPEG without any metadata
 * (EXIF with GPS position, XMP, ICC, comments all dropped) — stored, and recorded in stored_files
 * so account deletion finds it. The caller then sets it with PATCH /users/me/profile.
 */
@Injectable()
export class AvatarService {
  private readonly logger = new Logger(AvatarService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
  ) {}

  async upload(userId: string, file: Buffer): Promise<{ url: string }> {
    if (file.length > this.config.storage.maxAvatarBytes) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The image exceeds ${this.config.storage.maxAvatarBytes} bytes.`,
      );
    }
    const type = detectImageType(file.subarray(0, 16));
    if (!type) {
      throw new DomainError(
        'UNSUPPORTED_FILE_TYPE',
        'Only JPEG, PNG or WebP images can be used as an avatar.',
        {
          fields: [{ field: 'file', messages: ['file must be a JPEG, PNG or WebP image'] }],
        },
      );
    }
    const image = await reencode(file);
    const key = `avatars/${userId}/${randomUUID()}.jpg`;
    const stored = await this.storage.put(key, image, 'image/jpeg');
    try {
      await this.dataSource.query(
        `INSERT INTO stored_files (owner_id, kind, storage_key, content_type, size_bytes)
         VALUES ($1, 'avatar', $2, 'image/jpeg', $3)`,
        [userId, key, image.length],
      );
    } catch (error) {
      await this.storage.delete(key);
      if (isForeignKeyViolation(error)) throw notFound('User');
      throw error;
    }
    await this.removeUnusedAvatars(userId, key);
    return { url: stored.url };
  }

  /**
   * Earlier avatar uploads that are not the profile's current picture are deleted (best effort:
   * a failure is logged, and account deletion removes whatever is left).
   */
  private async removeUnusedAvatars(userId: string, keep: string): Promise<void> {
    try {
      const [user] = (await this.dataSource.query(`SELECT avatar_url FROM users WHERE id = $1`, [
        userId,
      ])) as Array<{
        avatar_url: string | null;
      }>;
      const current = user?.avatar_url ? this.storage.keyOfUrl(user.avatar_url) : null;
      const rows = (await this.dataSource.query(
        `SELECT id, storage_key FROM stored_files
          WHERE owner_id = $1 AND kind = 'avatar' AND storage_key <> $2 AND storage_key IS DISTINCT FROM $3`,
        [userId, keep, current],
      )) as Array<{ id: string; storage_key: string }>;
      for (const row of rows) {
        await this.storage.delete(row.storage_key);
        await this.dataSource.query(`DELETE FROM stored_files WHERE id = $1`, [row.id]);
      }
    } catch (error) {
      this.logger.warn(`could not remove old avatars of ${userId}: ${(error as Error).message}`);
    }
  }
}

async function reencode(file: Buffer): Promise<Buffer> {
  try {
    const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' } as const;
    const { width, height } = await sharp(file, options).metadata();
    // A square crop of the centre, never enlarged.
    const side = Math.max(1, Math.min(AVATAR_SIZE, width ?? AVATAR_SIZE, height ?? AVATAR_SIZE));
    return await sharp(file, options)
      .rotate()
      .resize(side, side, { fit: 'cover' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer();
  } catch (error) {
    throw new DomainError('VALIDATION_ERROR', 'The image could not be read.', {
      fields: [{ field: 'file', messages: [`file is not a readable image (${(error as Error).message})`] }],
    });
  }
}
