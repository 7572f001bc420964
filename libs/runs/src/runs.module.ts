import { Module } from '@nestjs/common';
import { CourseStatsModule } from '@runvs/courses';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { NotificationsModule } from '@runvs/notifications';
import { RunPipelineRepository } from './pipeline/run-pipeline.repository';
import { RunPipelineService } from './pipeline/run-pipeline.service';
import { RankingsRepository } from './rankings/rankings.repository';
import { RankingsService } from './rankings/rankings.service';
import { RunRecordsRepository } from './records/run-records.repository';
import { RunRecordsService } from './records/run-records.service';
import { SameActivityRepository } from './records/same-activity.repository';
import { RunSessionsRepository } from './sessions/run-sessions.repository';
import { RunSessionsService } from './sessions/run-sessions.service';
import { RunnerStatsRepository } from './stats/runner-stats.repository';
import { RunnerStatsService } from './stats/runner-stats.service';
import { RunnerTotalsRepository } from './stats/runner-totals.repository';

/** Runs: sessions and chunks, run records, the completion pipeline, the leaderboards and runner statistics. */
@Module({
  imports: [HeatmapModule, EventsModule, NotificationsModule, CourseStatsModule],
  providers: [
    RunPipelineRepository,
    RankingsRepository,
    RunnerTotalsRepository,
    RunRecordsRepository,
    RunRecordsService,
    SameActivityRepository,
    RunSessionsRepository,
    RunSessionsService,
    RunPipelineService,
    RankingsService,
    RunnerStatsRepository,
    RunnerStatsService,
  ],
  exports: [RunRecordsService, RunSessionsService, RunPipelineService, RankingsService, RunnerStatsService],
})
export class RunsModule {}
