import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { notFound } from '@runvs/common';
import type { AppConfig } from '@runvs/config';
import { Readable } from 'node:stream';
import {
  assertPrivateKey,
  assertPublicKey,
  assertValidKey,
  encodeKey,
  ObjectStorage,
  type StoredObject,
} from './object-storage';

/** Objects never change under a key, so clients and the CDN may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Private objects (`private/…`): no shared cache may keep them; no ACL is ever set (bucket default: private). */
const PRIVATE = 'private, no-store';
/** Parts of a streamed upload (S3's minimum is 5 MiB for every part but the last). */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * S3 or any S3-compatible store (S3_ENDPOINT + S3_FORCE_PATH_STYLE for MinIO, R2 …). Checksums are
 * only sent or checked where the protocol requires them, which every compatible store accepts.
 */
export class S3Storage extends ObjectStorage {
  readonly driver = 's3' as const;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly baseUrl: string;

  constructor(storage: AppConfig['storage']) {
    super();
    const { s3 } = storage;
    if (!s3.bucket || !s3.accessKeyId || !s3.secretAccessKey)
      throw new Error('S3 storage needs a bucket and keys');
    this.bucket = s3.bucket;
    this.client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: s3.forcePathStyle,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
    this.baseUrl = storage.cdnBaseUrl ?? directBaseUrl(s3.bucket, s3.region, s3.endpoint, s3.forcePathStyle);
  }

  async put(key: string, body: Buffer, contentType: string): Promise<StoredObject> {
    assertPublicKey(key);
    await this.putObject(key, body, contentType, IMMUTABLE);
    return { key, url: this.publicUrl(key) };
  }

  async putPrivate(key: string, body: Buffer, contentType: string): Promise<{ key: string }> {
    assertPrivateKey(key);
    await this.putObject(key, body, contentType, PRIVATE);
    return { key };
  }

  private async putObject(
    key: string,
    body: Buffer,
    contentType: string,
    cacheControl: string,
  ): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
        CacheControl: cacheControl,
      }),
    );
  }

  /** A private multipart upload, one 8 MiB part in memory at a time; aborted if anything fails. */
  async putPrivateStream(
    key: string,
    body: Readable,
    contentType: string,
  ): Promise<{ key: string; sizeBytes: number }> {
    assertPrivateKey(key);
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: contentType,
        CacheControl: PRIVATE,
      }),
    );
    const parts: Array<{ ETag: string | undefined; PartNumber: number }> = [];
    let sizeBytes = 0;
    const upload = async (chunk: Buffer) => {
      const PartNumber = parts.length + 1;
      const { ETag } = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId, PartNumber, Body: chunk }),
      );
      parts.push({ ETag, PartNumber });
    };
    try {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const data of body) {
        const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as string);
        pending.push(chunk);
        pendingBytes += chunk.length;
        sizeBytes += chunk.length;
        if (pendingBytes >= PART_BYTES) {
          await upload(Buffer.concat(pending));
          pending = [];
          pendingBytes = 0;
        }
      }
      if (pendingBytes > 0 || parts.length === 0) await upload(Buffer.concat(pending));
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
      return { key, sizeBytes };
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
  }

  async deletePrivate(key: string): Promise<void> {
    assertPrivateKey(key);
    await this.deleteObject(key);
  }

  protected async deletePublic(key: string): Promise<void> {
    assertPublicKey(key);
    await this.deleteObject(key);
  }

  private async deleteObject(key: string): Promise<void> {
    // S3 answers 204 for a key that does not exist, so this is idempotent.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  openPrivate(key: string): Promise<Readable> {
    assertPrivateKey(key);
    return this.getObject(key);
  }

  protected getPublic(key: string): Promise<Readable> {
    assertPublicKey(key);
    return this.getObject(key);
  }

  private async getObject(key: string): Promise<Readable> {
    assertValidKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(response.Body instanceof Readable)) throw new Error('S3 returned no readable body');
      return response.Body;
    } catch (error) {
      const missing =
        error instanceof NoSuchKey ||
        (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
      if (missing) throw notFound('File');
      throw error;
    }
  }

  publicUrl(key: string): string {
    return `${this.baseUrl}/${encodeKey(key)}`;
  }
}

/** `https://<bucket>.s3.<region>.amazonaws.com`, or the custom endpoint in path or host style. */
export function directBaseUrl(bucket: string, region: string, endpoint?: string, pathStyle = false): string {
  if (!endpoint) {
    return pathStyle
      ? `https://s3.${region}.amazonaws.com/${bucket}`
      : `https://${bucket}.s3.${region}.amazonaws.com`;
  }
  const url = new URL(endpoint);
  const base = url.origin + url.pathname.replace(/\/+$/, '');
  return pathStyle
    ? `${base}/${bucket}`
    : `${url.protocol}//${bucket}.${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
