import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@runvs/common';
import { inTransaction } from '@runvs/database';
import { RunRecordsService } from '@runvs/runs';
import { DataSource } from 'typeorm';
import { StravaRepository } from './strava.repository';

export interface StravaImportRef {
  id: string;
  runRecordId: string | null;
  duplicateOfRunId: string | null;
}

/** Removing what came from Strava: one activity's import and run, or all of a user's. */
@Injectable()
export class StravaRemovalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: StravaRepository,
    private readonly runRecords: RunRecordsService,
  ) {}

  async removeImport(userId: string, imported: StravaImportRef): Promise<void> {
    // A duplicate points at another source's run: that run is not Strava's to delete.
    if (imported.runRecordId && !imported.duplicateOfRunId) {
      await this.deleteRun(userId, imported.runRecordId);
    }
    await this.repository.deleteImport(imported.id);
  }

  /** Every Strava run (aggregates recomputed by the runs lib) of the user. */
  async deleteStravaRuns(userId: string): Promise<void> {
    for (const runId of await this.repository.stravaRunIds(userId)) await this.deleteRun(userId, runId);
  }

  /** Strava told us the athlete revoked our access: their Strava data and connection go. */
  async removeAfterDeauthorization(userId: string): Promise<void> {
    await this.deleteStravaRuns(userId);
    await inTransaction(this.dataSource, async (manager) => {
      await this.repository.deleteStravaImports(manager, userId);
      await this.repository.deleteConnection(manager, userId);
    });
  }

  private async deleteRun(userId: string, runId: string): Promise<void> {
    await this.runRecords.delete(userId, runId).catch((error: unknown) => {
      if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
    });
  }
}
