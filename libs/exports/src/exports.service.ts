import { Inject, Injectable } from '@nestjs/common';
import { DomainError, notFound } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { isUniqueViolation } from '@runvs/database';
import { LivePublisher } from '@runvs/live';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService, PermanentJobError, QueueName } from '@runvs/queue';
import { ObjectStorage } from '@runvs/storage';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ExportArchiveBuilder } from './export-archive';
import { type ExportRow, type ExportStatus, ExportsRepository } from './exports.repository';

export interface ExportView {
  id: string;
  status: ExportStatus | 'expired';
  created_at: string;
  completed_at: string | null;
  /** until when the download link works (ready exports) */
  expires_at: string | null;
  size_bytes: number | null;
  run_count: number | null;
  /** the owner's download link (their token required), while ready and not expired */
  download_url: string | null;
  error: string | null;
}

export interface ExportDownload {
  stream: Readable;
  filename: string;
  sizeBytes: number | null;
}

/**
 * Data exports: `request` records one and queues the `data-export` job in the same transaction
 * (one in progress per runner: the partial unique index); the worker's `build` writes the zip to
 * private storage, marks it ready with an expiry, and tells the runner (inbox entry + push, and the
 * live socket) with a link that only works with their own token until it expires.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ExportsRepository,
    private readonly archive: ExportArchiveBuilder,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly live: LivePublisher,
    private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** POST /users/me/export: 409 while another export of the runner is pending or running. */
  async request(userId: string): Promise<ExportView> {
    try {
      const row = await this.outbox.transaction(async (manager, enqueue) => {
        const running = await this.repository.inProgress(manager, userId);
        if (running) throw inProgress(running.id);
        const created = await this.repository.insert(manager, userId);
        await enqueue(QueueName.DataExport, { exportId: created.id });
        return created;
      });
      return this.view(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const running = await this.repository.inProgress(this.dataSource.manager, userId);
      throw inProgress(running?.id ?? null);
    }
  }

  /** GET /users/me/exports/{id}: only the owner sees it (anyone else: 404). */
  async status(userId: string, exportId: string): Promise<ExportView> {
    return this.view(await this.owned(userId, exportId));
  }

  /** The zip, for its owner, while it is ready and not expired. */
  async download(userId: string, exportId: string): Promise<ExportDownload> {
    const row = await this.owned(userId, exportId);
    if (row.status === 'ready' && isExpired(row))
      throw new DomainError('EXPORT_EXPIRED', 'This download link has expired; request a new export.');
    if (row.status !== 'ready' || !row.file_key) {
      throw new DomainError('CONFLICT', 'The export is not ready yet.', { status: row.status });
    }
    return {
      stream: await this.storage.openPrivate(row.file_key),
      filename: `runvs-export-${row.created_at.toISOString().slice(0, 10)}.zip`,
      sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    };
  }

  /** The worker: builds the zip, then marks it ready and tells the runner. A done export is left alone. */
  async build(exportId: string): Promise<void> {
    const row = await this.repository.find(this.dataSource.manager, exportId);
    if (!row) throw new PermanentJobError(`export ${exportId} no longer exists`);
    if (row.status === 'ready' || row.status === 'failed') return;
    await this.repository.markRunning(this.dataSource.manager, exportId);
    const built = await this.archive.build(exportId, row.user_id);
    const expiresAt = new Date(Date.now() + this.config.exports.downloadTtlHours * 3_600_000);
    const downloadUrl = this.downloadUrl(exportId);
    const finished = await this.outbox.transaction(async (manager, enqueue) => {
      const locked = await this.repository.find(manager, exportId, true);
      if (!locked || locked.status === 'ready') return false;
      await this.repository.markReady(manager, exportId, { ...built, expiresAt });
      await this.notifications.notify(
        manager,
        {
          userId: row.user_id,
          type: 'export_ready',
          title: '데이터 내보내기 완료',
          body: '내 기록 파일이 준비되었어요. 링크는 기한이 지나면 만료됩니다.',
          data: { export_id: exportId, download_url: downloadUrl, expires_at: expiresAt.toISOString() },
          dedupeKey: `export_ready:${exportId}`,
          dedupeWindowSeconds: 30 * 86_400,
        },
        enqueue,
      );
      return true;
    });
    if (!finished) return;
    await this.live.toUsers([row.user_id], 'export_ready', {
      export_id: exportId,
      download_url: downloadUrl,
      expires_at: expiresAt.toISOString(),
    });
  }

  /**
   * The maintenance task `purge-expired-exports`: deletes the zip of every export whose link has
   * expired and forgets its key; the row stays (the runner still sees `expired`). Idempotent: a
   * purged export has no file left, and deleting a missing object is not an error.
   */
  async purgeExpired(batchSize = 200): Promise<number> {
    let purged = 0;
    for (;;) {
      const due = await this.repository.expiredWithFile(this.dataSource.manager, batchSize);
      for (const row of due) {
        await this.storage.deletePrivate(row.file_key);
        if (await this.repository.clearFile(this.dataSource.manager, row.id, row.file_key)) purged += 1;
      }
      if (due.length < batchSize) return purged;
    }
  }

  /** A final failure: the runner sees `failed` and may request a new export. */
  async recordFailure(exportId: string, error: Error): Promise<void> {
    await this.repository.markFailed(this.dataSource.manager, exportId, error.message);
  }

  private async owned(userId: string, exportId: string): Promise<ExportRow> {
    const row = await this.repository.find(this.dataSource.manager, exportId);
    if (!row || row.user_id !== userId) throw notFound('Export');
    return row;
  }

  private downloadUrl(exportId: string): string {
    return `${this.config.app.publicBaseUrl}/api/v1/users/me/exports/${exportId}/download`;
  }

  private view(row: ExportRow): ExportView {
    const expired = row.status === 'ready' && isExpired(row);
    return {
      id: row.id,
      status: expired ? 'expired' : row.status,
      created_at: row.created_at.toISOString(),
      completed_at: row.completed_at?.toISOString() ?? null,
      expires_at: row.expires_at?.toISOString() ?? null,
      size_bytes: row.size_bytes === null ? null : Number(row.size_bytes),
      run_count: row.run_count,
      download_url: row.status === 'ready' && !expired ? this.downloadUrl(row.id) : null,
      error: row.status === 'failed' ? row.error : null,
    };
  }
}

function isExpired(row: ExportRow): boolean {
  return row.expires_at !== null && row.expires_at.getTime() <= Date.now();
}

function inProgress(exportId: string | null): DomainError {
  return new DomainError('EXPORT_IN_PROGRESS', 'An export of your data is already being prepared.', {
    export_id: exportId,
  });
}
