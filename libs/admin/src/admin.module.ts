import { Module } from '@nestjs/common';
import { AchievementsModule } from '@runvs/achievements';
import { CoursesModule, CourseStatsModule } from '@runvs/courses';
import { DistanceBoardsModule } from '@runvs/distance-boards';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { IdentityModule } from '@runvs/identity';
import { NotificationsModule } from '@runvs/notifications';
import { RunsModule } from '@runvs/runs';
import { AdminContentService } from './admin-content.service';
import { AdminPipelineService } from './admin-pipeline.service';
import { AdminReportsService } from './admin-reports.service';
import { AdminRunsRepository } from './admin-runs.repository';
import { AdminRunsService } from './admin-runs.service';
import { AdminUsersService } from './admin-users.service';
import { BanAppealsAccountDeletionHook } from './ban-appeals-account-deletion.hook';
import { BanAppealsRepository } from './ban-appeals.repository';
import { BanAppealsService } from './ban-appeals.service';

/** What admins do: accounts and ban appeals, content moderation, the flagged-run and report queues, failed pipelines. */
@Module({
  imports: [
    AchievementsModule,
    DistanceBoardsModule,
    CoursesModule,
    CourseStatsModule,
    EventsModule,
    HeatmapModule,
    IdentityModule,
    NotificationsModule,
    RunsModule,
  ],
  providers: [
    AdminUsersService,
    AdminContentService,
    AdminRunsRepository,
    AdminRunsService,
    AdminReportsService,
    AdminPipelineService,
    BanAppealsRepository,
    BanAppealsService,
    BanAppealsAccountDeletionHook,
  ],
  exports: [
    AdminUsersService,
    AdminContentService,
    AdminRunsService,
    AdminReportsService,
    AdminPipelineService,
    BanAppealsService,
  ],
})
export class AdminModule {}
