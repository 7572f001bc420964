import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { offsetOf, type PageRequest } from '@runvs/common';
import { ExternalImportEntity } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';

/** Reads and writes of external_imports; the owner is part of every read. */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findOwned(userId: string, id: string): Promise<ExternalImportEntity | null> {
    return this.dataSource.getRepository(ExternalImportEntity).findOne({ where: { id, userId } });
  }

  findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExternalImportEntity | null> {
    return manager.getRepository(ExternalImportEntity).findOne({ where: { id } });
  }

  /** The user's newest first. */
  async listOwned(userId: string, page: PageRequest): Promise<[ExternalImportEntity[], number]> {
    return this.dataSource.getRepository(ExternalImportEntity).findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: offsetOf(page),
      take: page.perPage,
    });
  }

  /**
   * An earlier upload of the very same bytes by this user (the oldest one) that still holds the
   * file: an import that completed and whose run was deleted since (DELETE /runs/{id} sets its
   * `run_record_id` to null) has released it, so the same file uploaded again is imported again.
   */
  async findByFileHash(
    userId: string,
    sha256: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExternalImportEntity | null> {
    return manager
      .getRepository(ExternalImportEntity)
      .createQueryBuilder('i')
      .where('i.user_id = :userId AND i.file_sha256 = :sha256', { userId, sha256 })
      .andWhere(`NOT (i.status = 'completed' AND i.run_record_id IS NULL)`)
      .orderBy('i.created_at', 'ASC')
      .getOne();
  }

  /** Serialises uploads of one file by one user, so two concurrent uploads make one import. */
  async lockFileHash(manager: EntityManager, userId: string, sha256: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `external-import:${userId}:${sha256}`,
    ]);
  }

  async insertUpload(
    manager: EntityManager,
    values: {
      id: string;
      userId: string;
      source: ExternalImportEntity['source'];
      originalFilename: string | null;
      fileKey: string;
      fileSha256: string;
      fileSizeBytes: number;
      fileType: string;
      compressed: boolean;
      contentType: string;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO external_imports (id, user_id, source, status, original_filename, file_key, file_sha256,
                                     file_size_bytes, file_type, compressed)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9)`,
      [
        values.id,
        values.userId,
        values.source,
        values.originalFilename,
        values.fileKey,
        values.fileSha256,
        values.fileSizeBytes,
        values.fileType,
        values.compressed,
      ],
    );
    await manager.query(
      `INSERT INTO stored_files (owner_id, kind, storage_key, content_type, size_bytes)
       VALUES ($1, 'activity_import', $2, $3, $4)`,
      [values.userId, values.fileKey, values.contentType, values.fileSizeBytes],
    );
  }

  /** The user's import, locked for its deletion; null when it is not (or no longer) theirs. */
  async lockOwned(
    manager: EntityManager,
    userId: string,
    id: string,
  ): Promise<{ id: string; file_key: string | null } | null> {
    const [row] = (await manager.query(
      `SELECT id, file_key FROM external_imports WHERE id = $1 AND user_id = $2 FOR UPDATE`,
      [id, userId],
    )) as Array<{ id: string; file_key: string | null }>;
    return row ?? null;
  }

  /** The run this import created (not one it merely duplicates). */
  async ownRunId(manager: EntityManager, importId: string): Promise<string | null> {
    const [row] = (await manager.query(
      `SELECT id FROM run_records WHERE external_import_id = $1 ORDER BY created_at LIMIT 1`,
      [importId],
    )) as Array<{ id: string }>;
    return row?.id ?? null;
  }

  /**
   * A run is being deleted: the imports that created it forget their original (file_key cleared,
   * its stored_files record removed); resolves with the keys to remove from storage after commit.
   */
  async releaseOriginalsOfRun(manager: EntityManager, userId: string, runId: string): Promise<string[]> {
    const rows = (await manager.query(
      `WITH released AS (
         SELECT id, file_key FROM external_imports
          WHERE run_record_id = $2 AND user_id = $1 AND file_key IS NOT NULL
          FOR UPDATE
       )
       UPDATE external_imports e SET file_key = NULL, updated_at = now()
         FROM released r WHERE e.id = r.id
       RETURNING r.file_key`,
      [userId, runId],
    )) as [Array<{ file_key: string }>, number];
    const keys = rows[0].map((row) => row.file_key);
    if (keys.length > 0) {
      await manager.query(
        `DELETE FROM stored_files WHERE kind = 'activity_import' AND storage_key = ANY($1)`,
        [keys],
      );
    }
    return keys;
  }

  /** Originals still under a public key (stored before private storage), oldest first. */
  async publicOriginals(limit: number): Promise<Array<{ id: string; file_key: string }>> {
    return (await this.dataSource.query(
      `SELECT id, file_key FROM external_imports
        WHERE file_key IS NOT NULL AND file_key NOT LIKE 'private/%'
        ORDER BY created_at, id LIMIT $1`,
      [limit],
    )) as Array<{ id: string; file_key: string }>;
  }

  async storedContentType(key: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(
      `SELECT content_type FROM stored_files WHERE storage_key = $1 LIMIT 1`,
      [key],
    )) as Array<{ content_type: string | null }>;
    return row?.content_type ?? null;
  }

  /** Points the import (and its stored_files record) at the moved original, if it still has the old key. */
  async switchOriginalKey(id: string, oldKey: string, newKey: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, changed] = (await manager.query(
        `UPDATE external_imports SET file_key = $3 WHERE id = $1 AND file_key = $2`,
        [id, oldKey, newKey],
      )) as [unknown, number];
      if (changed === 0) return false;
      await manager.query(
        `UPDATE stored_files SET storage_key = $2 WHERE kind = 'activity_import' AND storage_key = $1`,
        [oldKey, newKey],
      );
      return true;
    });
  }

  async currentFileKey(id: string): Promise<string | null> {
    const [row] = (await this.dataSource.query(`SELECT file_key FROM external_imports WHERE id = $1`, [
      id,
    ])) as Array<{ file_key: string | null }>;
    return row?.file_key ?? null;
  }

  /** The import row and the record of its stored original. */
  async delete(manager: EntityManager, id: string, fileKey: string | null): Promise<void> {
    if (fileKey) {
      await manager.query(`DELETE FROM stored_files WHERE kind = 'activity_import' AND storage_key = $1`, [
        fileKey,
      ]);
    }
    await manager.query(`DELETE FROM external_imports WHERE id = $1`, [id]);
  }
}
