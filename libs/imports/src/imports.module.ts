import { Module } from '@nestjs/common';
import { RunsModule } from '@runvs/runs';
import { ImportPipelineService } from './import-pipeline.service';
import { ImportRunLinksModule } from './import-run-links';
import { ImportedRunsRepository } from './imported-runs.repository';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { LegacyOriginalsService } from './legacy-originals.service';
import { PendingImportsRepository } from './pending-imports.repository';

/** Activity file imports: upload and status (api), the import pipeline (worker, Strava). */
@Module({
  imports: [RunsModule, ImportRunLinksModule],
  providers: [
    ImportsRepository,
    ImportsService,
    ImportedRunsRepository,
    ImportPipelineService,
    PendingImportsRepository,
    LegacyOriginalsService,
  ],
  exports: [ImportsService, ImportPipelineService, PendingImportsRepository, LegacyOriginalsService],
})
export class ImportsModule {}
