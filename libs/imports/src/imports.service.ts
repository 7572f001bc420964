import { Inject, Injectable, Logger } from '@nestjs/common';
import { sniffActivityFile } from '@runvs/activity-files';
import { DomainError, notFound, type Page, type PageRequest, toPage } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { type ImportSource, isForeignKeyViolation } from '@runvs/database';
import { deterministicJobId, OutboxService, QueueName, QueueRegistry } from '@runvs/queue';
import { RunRecordsService } from '@runvs/runs';
import { ObjectStorage, PRIVATE_KEY_PREFIX } from '@runvs/storage';
import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { type ImportAccepted, type ImportDetail, toImportDetail } from './import-detail';
import { ImportsRepository } from './imports.repository';

/** An import's original file, streamed to its owner. */
export interface ImportOriginal {
  stream: Readable;
  filename: string;
  contentType: string;
  sizeBytes: number | null;
}

/** What an upload route expects; `any` decides by content alone. */
export type ExpectedImportType = 'any' | 'gpx' | 'fit';

const SOURCE_BY_TYPE = { gpx: 'gpx_upload', fit: 'fit_upload', tcx: 'tcx_upload' } as const satisfies Record<
  string,
  ImportSource
>;

const CONTENT_TYPE = {
  gpx: 'application/gpx+xml',
  tcx: 'application/vnd.garmin.tcx+xml',
  fit: 'application/vnd.ant.fit',
} as const;

export const IMPORT_ACCEPTED_MESSAGE = 'File uploaded. Processing will start shortly.';
export const IMPORT_ALREADY_UPLOADED_MESSAGE =
  'This file was already uploaded; that import is reported instead of a new one.';

/**
 * Activity file uploads: the type is decided by content (FIT header, XML root, gzip around
 * either), the original bytes are stored, and the import row plus its `activity-import` job are
 * written in one transaction. The same bytes uploaded again by the same user report the first
 * import instead of creating another.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ImportsRepository,
    private readonly outbox: OutboxService,
    private readonly storage: ObjectStorage,
    private readonly queues: QueueRegistry,
    private readonly runRecords: RunRecordsService,
  ) {}

  async upload(
    userId: string,
    file: { buffer: Buffer; filename?: string },
    expected: ExpectedImportType = 'any',
  ): Promise<{ created: boolean; body: ImportAccepted }> {
    const bytes = file.buffer;
    if (bytes.length > this.config.storage.maxImportBytes) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The file exceeds the limit of ${this.config.storage.maxImportBytes} bytes.`,
        { max_bytes: this.config.storage.maxImportBytes },
      );
    }
    if (bytes.length === 0) {
      throw new DomainError('VALIDATION_ERROR', 'The file is empty.', {
        fields: [{ field: 'file', messages: ['file is empty'] }],
      });
    }
    const sniffed = await sniffActivityFile(bytes);
    if (!sniffed.ok) throw new DomainError('UNSUPPORTED_FILE_TYPE', sniffed.reason);
    if (expected !== 'any' && sniffed.type !== expected) {
      throw new DomainError(
        'UNSUPPORTED_FILE_TYPE',
        `This is a ${sniffed.type.toUpperCase()} file, not a ${expected.toUpperCase()} file; ` +
          'upload it to /imports/upload, which accepts FIT, GPX and TCX.',
      );
    }

    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const earlier = await this.repository.findByFileHash(userId, sha256);
    if (earlier) return { created: false, body: alreadyUploaded(earlier.id, earlier.status) };

    const id = randomUUID();
    // Private storage: a GPS trace shows where someone lives; only its owner downloads it (GET /imports/{id}/original).
    const key = `${PRIVATE_KEY_PREFIX}imports/${userId}/${id}.${sniffed.type}${sniffed.compressed ? '.gz' : ''}`;
    const contentType = sniffed.compressed ? 'application/gzip' : CONTENT_TYPE[sniffed.type];
    await this.storage.putPrivate(key, bytes, contentType);
    let outcome: { created: boolean; body: ImportAccepted };
    try {
      outcome = await this.outbox.transaction(async (manager, enqueue) => {
        await this.repository.lockFileHash(manager, userId, sha256);
        const raced = await this.repository.findByFileHash(userId, sha256, manager);
        if (raced) return { created: false, body: alreadyUploaded(raced.id, raced.status) };
        await this.repository.insertUpload(manager, {
          id,
          userId,
          source: SOURCE_BY_TYPE[sniffed.type],
          originalFilename: cleanFilename(file.filename),
          fileKey: key,
          fileSha256: sha256,
          fileSizeBytes: bytes.length,
          fileType: sniffed.type,
          compressed: sniffed.compressed,
          contentType,
        });
        await enqueue(QueueName.ActivityImport, { importId: id });
        return {
          created: true,
          body: { import_id: id, status: 'pending' as const, message: IMPORT_ACCEPTED_MESSAGE },
        };
      });
    } catch (error) {
      await this.removeQuietly(key);
      if (isForeignKeyViolation(error)) throw notFound('User');
      throw error;
    }
    if (!outcome.created) await this.removeQuietly(key);
    return outcome;
  }

  /**
   * One import. While it is processing, `progress_percent` is the worker's live figure (the
   * job's progress, moved continuously while the file is read, parsed and matched), never behind
   * the row's own.
   */
  async get(userId: string, id: string): Promise<ImportDetail> {
    const row = await this.repository.findOwned(userId, id);
    if (!row) throw notFound('Import');
    const detail = toImportDetail(row);
    if (row.status === 'processing' && row.source !== 'strava') {
      detail.progress_percent = Math.max(detail.progress_percent, await this.jobProgress(id));
    }
    return detail;
  }

  /**
   * Deletes an import with everything it made: the run it created goes through the runs lib's
   * deletion (totals, streaks, the course's board and stats, event progress recomputed; heatmap
   * and cached pages refreshed) in the same transaction as the import row and the record of its
   * stored original. The original itself is removed from storage first — if storage fails nothing
   * has changed and the call can be retried. A run the import only duplicated (recorded live or
   * from another file) stays: it belongs to that recording. An import being processed right now
   * is deleted too: the worker finds it gone and creates nothing.
   */
  async delete(userId: string, id: string): Promise<void> {
    const row = await this.repository.findOwned(userId, id);
    if (!row) throw notFound('Import');
    if (row.fileKey) await this.removeOriginal(row.fileKey);
    const runDeletion = await this.outbox.transaction(async (manager) => {
      const locked = await this.repository.lockOwned(manager, userId, id);
      if (!locked) return null; // deleted by a concurrent call
      const runId = await this.repository.ownRunId(manager, id);
      const deletion = runId ? await this.runRecords.deleteInTransaction(manager, userId, runId) : null;
      await this.repository.delete(manager, id, locked.file_key);
      return deletion;
    });
    await runDeletion?.afterCommit();
  }

  /**
   * The uploaded file of one of the user's imports, for GET /imports/{id}/original: 404 when the
   * import is not theirs, came from Strava (no file), or its original is gone (deleted with its run).
   */
  async original(userId: string, id: string): Promise<ImportOriginal> {
    const row = await this.repository.findOwned(userId, id);
    if (!row?.fileKey || !row.fileType) throw notFound('Import original');
    const extension = `${row.fileType}${row.compressed ? '.gz' : ''}`;
    return {
      stream: await this.storage.get(row.fileKey),
      filename: row.originalFilename ?? `${id}.${extension}`,
      contentType: row.compressed
        ? 'application/gzip'
        : (CONTENT_TYPE[row.fileType as keyof typeof CONTENT_TYPE] ?? 'application/octet-stream'),
      sizeBytes: row.fileSizeBytes ?? null,
    };
  }

  async list(userId: string, page: PageRequest): Promise<Page<ImportDetail>> {
    const [rows, total] = await this.repository.listOwned(userId, page);
    return toPage(rows.map(toImportDetail), total, page);
  }

  /** The job's progress, or 0 when the queue cannot tell (no job, Redis unreachable). */
  private async jobProgress(importId: string): Promise<number> {
    try {
      const jobId = deterministicJobId(QueueName.ActivityImport, { importId });
      const job = jobId ? await this.queues.get(QueueName.ActivityImport).getJob(jobId) : undefined;
      const progress = job?.progress;
      return typeof progress === 'number' && Number.isFinite(progress)
        ? Math.min(99, Math.floor(progress))
        : 0;
    } catch (error) {
      this.logger.warn(`import ${importId}: job progress unavailable: ${(error as Error).message}`);
      return 0;
    }
  }

  /** The stored original of an import, wherever storage keeps it. */
  private async removeOriginal(key: string): Promise<void> {
    try {
      await this.storage.delete(key);
    } catch (error) {
      this.logger.error(`could not delete the original ${key}: ${(error as Error).message}`);
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        'The file could not be removed right now; nothing was deleted, please try again.',
      );
    }
  }

  private async removeQuietly(key: string): Promise<void> {
    try {
      await this.storage.delete(key);
    } catch (error) {
      this.logger.warn(`could not remove the unused upload ${key}: ${(error as Error).message}`);
    }
  }
}

function alreadyUploaded(importId: string, status: ImportAccepted['status']): ImportAccepted {
  return {
    import_id: importId,
    status,
    message: IMPORT_ALREADY_UPLOADED_MESSAGE,
    duplicate_of_import_id: importId,
  };
}

/** The client's file name without any path, control characters or excess length; null if none. */
export function cleanFilename(name: string | undefined): string | null {
  if (!name) return null;
  const cleaned = basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return cleaned === '' ? null : cleaned.slice(0, 255);
}
