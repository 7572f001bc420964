import { RunFlagAppealsService } from './records/run-flag-appeals.service';
import { RunVerdictsRepository } from './records/run-verdicts.repository';
import { RunVerdictsService } from './records/run-verdicts.service';
import { Module } from '@nestjs/common';
import { AchievementsModule } from '@runvs/achievements';
import { CourseStatsModule } from '@runvs/courses';
import { DistanceBoardsModule } from '@runvs/distance-boards';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { NotificationsModule } from '@runvs/notifications';
import { PrivacyModule } from '@runvs/privacy';
import { GhostComparisonService } from './ghosts/ghost-comparison.service';
import { GhostRepository } from './ghosts/ghost.repository';
import { GhostService } from './ghosts/ghost.service';
import { AggregatesReconciliationService } from './pipeline/aggregates-reconciliation.service';
import { CourseRejudgeRepository } from './pipeline/course-rejudge.repository';
import { CourseRejudgeService } from './pipeline/course-rejudge.service';
import { PendingNoticesRepository } from './pipeline/pending-notices.repository';
import { PendingPipelinesRepository } from './pipeline/pending-pipelines.repository';
import { RunNoticesService } from './pipeline/run-notices.service';
import { PipelineSignals } from './pipeline/pipeline-signals';
import { RunPipelineRepository } from './pipeline/run-pipeline.repository';
import { RunAftermathService } from './pipeline/run-aftermath.service';
import { RunPipelineService } from './pipeline/run-pipeline.service';
import { BoardNoticesRepository } from './rankings/board-notices.repository';
import { BoardNoticesService } from './rankings/board-notices.service';
import { RankingsRepository } from './rankings/rankings.repository';
import { RankingsService } from './rankings/rankings.service';
import { RunRecordsRepository } from './records/run-records.repository';
import { RunRecordsService } from './records/run-records.service';
import { RunTracksRepository } from './records/run-tracks.repository';
import { RunTracksService } from './records/run-tracks.service';
import { SharedRunsService } from './records/shared-runs.service';
import { SameActivityRepository } from './records/same-activity.repository';
import { RunSessionsRepository } from './sessions/run-sessions.repository';
import { RunSessionsService } from './sessions/run-sessions.service';
import { RunnerStatsRepository } from './stats/runner-stats.repository';
import { RunnerStatsService } from './stats/runner-stats.service';
import { RunnerStreakTimeZoneHook } from './stats/runner-streak-time-zone.hook';
import { RunnerTotalsRepository } from './stats/runner-totals.repository';

/** Runs: sessions and chunks, run records, the completion pipeline, the leaderboards and runner statistics. */
@Module({
  imports: [
    HeatmapModule,
    EventsModule,
    NotificationsModule,
    CourseStatsModule,
    PrivacyModule,
    DistanceBoardsModule,
    AchievementsModule,
  ],
  providers: [
    RunFlagAppealsService,
    RunVerdictsRepository,
    RunVerdictsService,
    PipelineSignals,
    RunAftermathService,
    RunPipelineRepository,
    RankingsRepository,
    RunnerTotalsRepository,
    RunnerStreakTimeZoneHook,
    RunRecordsRepository,
    RunRecordsService,
    RunTracksRepository,
    RunTracksService,
    SameActivityRepository,
    RunSessionsRepository,
    RunSessionsService,
    RunPipelineService,
    AggregatesReconciliationService,
    CourseRejudgeRepository,
    CourseRejudgeService,
    RankingsService,
    RunnerStatsRepository,
    RunnerStatsService,
    SharedRunsService,
    GhostRepository,
    GhostService,
    PendingPipelinesRepository,
    PendingNoticesRepository,
    RunNoticesService,
    BoardNoticesRepository,
    BoardNoticesService,
    GhostComparisonService,
  ],
  exports: [
    RunFlagAppealsService,
    RunVerdictsService,
    AggregatesReconciliationService,
    RunRecordsService,
    RunSessionsService,
    RunPipelineService,
    RunNoticesService,
    CourseRejudgeService,
    RankingsService,
    RunnerStatsService,
    RunTracksService,
    SharedRunsService,
    GhostService,
    PendingPipelinesRepository,
    PendingNoticesRepository,
    GhostComparisonService,
  ],
})
export class RunsModule {}
