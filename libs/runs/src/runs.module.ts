import { Module } from '@nestjs/common';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { NotificationsModule } from '@runvs/notifications';
import { PrivacyModule } from '@runvs/privacy';
import { GhostRepository } from './ghosts/ghost.repository';
import { GhostService } from './ghosts/ghost.service';
import { AggregatesRepository } from './pipeline/aggregates.repository';
import { RunPipelineService } from './pipeline/run-pipeline.service';
import { RankingsService } from './rankings/rankings.service';
import { RunRecordsRepository } from './records/run-records.repository';
import { RunRecordsService } from './records/run-records.service';
import { RunTracksRepository } from './records/run-tracks.repository';
import { RunTracksService } from './records/run-tracks.service';
import { SharedRunsService } from './records/shared-runs.service';
import { RunSessionsService } from './sessions/run-sessions.service';

/** Runs: sessions and chunks, run records, the completion pipeline and the leaderboards. */
@Module({
  imports: [HeatmapModule, EventsModule, NotificationsModule, PrivacyModule],
  providers: [
    AggregatesRepository,
    RunRecordsRepository,
    RunRecordsService,
    RunTracksRepository,
    RunTracksService,
    RunSessionsService,
    RunPipelineService,
    RankingsService,
    SharedRunsService,
    GhostRepository,
    GhostService,
  ],
  exports: [
    GhostService,
    RunTracksService,
    SharedRunsService,
    RunRecordsService,
    RunSessionsService,
    RunPipelineService,
    RankingsService,
  ],
})
export class RunsModule {}
