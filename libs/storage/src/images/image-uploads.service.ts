import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { DataSource, type EntityManager } from 'typeorm';
import { ObjectStorage } from '../object-storage';
import { detectImageType } from './image-type';

/** Photos are stored at most this many pixels on their longer side (never enlarged). */
export const IMAGE_MAX_SIDE = 2048;
/** Decompression-bomb guard: images with more pixels than this are refused before decoding. */
export const IMAGE_MAX_INPUT_PIXELS = 40_000_000;
/** Smaller than this on either side is not a photo. */
export const IMAGE_MIN_SIDE = 16;

export interface UploadedImage {
  id: string;
  url: string;
  width: number;
  height: number;
  size_bytes: number;
  content_type: 'image/jpeg';
}

interface FieldProblem {
  field: string;
  messages: string[];
}

function unreadable(message: string): DomainError {
  return new DomainError('VALIDATION_ERROR', 'The image could not be used.', {
    fields: [{ field: 'file', messages: [message] }],
  });
}

/**
 * Course and event photos (`POST /uploads/image`): the type is decided by the bytes (JPEG, PNG,
 * WebP), the pixel count is checked before decoding, and the picture is decoded and re-encoded by
 * sharp — turned upright by its EXIF orientation, fitted inside 2048 px, transparency flattened onto
 * white, written as a JPEG with no metadata at all (EXIF with the GPS position, XMP, ICC, comments
 * dropped) — then stored under `images/<owner>/` and recorded in `stored_files` (kind `image`).
 * A photo can then be attached only by its owner (`checkOwnImages`).
 */
@Injectable()
export class ImageUploadsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
  ) {}

  async upload(ownerId: string, file: Buffer): Promise<UploadedImage> {
    const limit = this.config.storage.maxImageBytes;
    if (file.length > limit) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The image exceeds ${limit} bytes.`, { max_bytes: limit });
    }
    if (!detectImageType(file.subarray(0, 16))) {
      throw new DomainError('UNSUPPORTED_FILE_TYPE', 'Only JPEG, PNG or WebP images can be uploaded.', {
        fields: [{ field: 'file', messages: ['file must be a JPEG, PNG or WebP image'] }],
      });
    }
    const image = await reencode(file);
    const key = `images/${ownerId}/${randomUUID()}.jpg`;
    const stored = await this.storage.put(key, image.data, 'image/jpeg');
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO stored_files (owner_id, kind, storage_key, content_type, size_bytes)
         SELECT id, 'image', $2, 'image/jpeg', $3 FROM users WHERE id = $1
         RETURNING id`,
        [ownerId, key, image.data.length],
      )) as Array<{ id: string }>;
      if (!row) throw notFound('User');
      return {
        id: row.id,
        url: stored.url,
        width: image.width,
        height: image.height,
        size_bytes: image.data.length,
        content_type: 'image/jpeg',
      };
    } catch (error) {
      await this.storage.delete(key);
      throw error;
    }
  }

  /**
   * Every URL must be one of `ownerId`'s uploaded photos (POST /uploads/image): a picture hosted
   * elsewhere, an avatar, a thumbnail or someone else's upload is a 422 naming its field
   * (`photo_urls[1]`, `image_url`). Runs inside the caller's transaction and locks the file rows,
   * so they cannot be removed meanwhile.
   */
  async checkOwnImages(
    manager: EntityManager,
    ownerId: string,
    images: Array<{ url: string; field: string }>,
  ): Promise<void> {
    if (images.length === 0) return;
    const keys = images.map((image) => this.storage.keyOfUrl(image.url));
    const owned = new Set(
      (
        (await manager.query(
          `SELECT storage_key FROM stored_files
            WHERE owner_id = $1 AND kind = 'image' AND storage_key = ANY($2::text[])
            FOR SHARE`,
          [ownerId, keys.filter((key): key is string => key !== null)],
        )) as Array<{ storage_key: string }>
      ).map((row) => row.storage_key),
    );
    const problems: FieldProblem[] = images
      .filter((_, index) => !owned.has(keys[index] ?? ''))
      .map(({ field }) => ({
        field,
        messages: [`${field} must be the URL of a photo you uploaded with POST /uploads/image`],
      }));
    if (problems.length > 0) {
      throw new DomainError(
        'VALIDATION_ERROR',
        `Invalid request: ${problems.map((p) => p.field).join(', ')}`,
        {
          fields: problems,
        },
      );
    }
  }
}

async function reencode(file: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const options = { limitInputPixels: IMAGE_MAX_INPUT_PIXELS, failOn: 'error' } as const;
  let meta: sharp.Metadata;
  try {
    meta = await sharp(file, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw unreadable(`file is not a readable image (${(error as Error).message})`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > IMAGE_MAX_INPUT_PIXELS) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `The image has ${width}×${height} pixels; at most ${IMAGE_MAX_INPUT_PIXELS} are accepted.`,
      { max_pixels: IMAGE_MAX_INPUT_PIXELS },
    );
  }
  if (width < IMAGE_MIN_SIDE || height < IMAGE_MIN_SIDE) {
    throw unreadable(`the image must be at least ${IMAGE_MIN_SIDE}×${IMAGE_MIN_SIDE} pixels`);
  }
  try {
    const { data, info } = await sharp(file, options)
      .rotate()
      .resize(IMAGE_MAX_SIDE, IMAGE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw unreadable(`file is not a readable image (${(error as Error).message})`);
  }
}
