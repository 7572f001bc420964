import { Module } from '@nestjs/common';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { NotificationsModule } from '@runvs/notifications';
import { AggregatesRepository } from './pipeline/aggregates.repository';
import { RunPipelineService } from './pipeline/run-pipeline.service';
import { RankingsService } from './rankings/rankings.service';
import { RunRecordsRepository } from './records/run-records.repository';
import { RunRecordsService } from './records/run-records.service';
import { RunSessionsRepository } from './sessions/run-sessions.repository';
import { RunSessionsService } from './sessions/run-sessions.service';

/** Runs: sessions and chunks, run records, the completion pipeline and the leaderboards. */
@Module({
  imports: [HeatmapModule, EventsModule, NotificationsModule],
  providers: [
    AggregatesRepository,
    RunRecordsRepository,
    RunRecordsService,
    RunSessionsRepository,
    RunSessionsService,
    RunPipelineService,
    RankingsService,
  ],
  exports: [RunRecordsService, RunSessionsService, RunPipelineService, RankingsService],
})
export class RunsModule {}
