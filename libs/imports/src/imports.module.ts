import { Module } from '@nestjs/common';
import { ImportPipelineService } from './import-pipeline.service';
import { ImportedRunsRepository } from './imported-runs.repository';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Activity file imports: upload and status (api), the import pipeline (worker, Strava). */
@Module({
  providers: [ImportsRepository, ImportsService, ImportedRunsRepository, ImportPipelineService],
  exports: [ImportsService, ImportPipelineService],
})
export class ImportsModule {}
