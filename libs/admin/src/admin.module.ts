import { Module } from '@nestjs/common';
import { CoursesModule, CourseStatsModule } from '@runvs/courses';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { IdentityModule } from '@runvs/identity';
import { AdminContentService } from './admin-content.service';
import { AdminPipelineService } from './admin-pipeline.service';
import { AdminReportsService } from './admin-reports.service';
import { AdminRunsService } from './admin-runs.service';
import { AdminUsersService } from './admin-users.service';

/** What admins do: accounts, content moderation, the flagged-run and report queues, failed pipelines. */
@Module({
  imports: [CoursesModule, CourseStatsModule, EventsModule, HeatmapModule, IdentityModule],
  providers: [
    AdminUsersService,
    AdminContentService,
    AdminRunsService,
    AdminReportsService,
    AdminPipelineService,
  ],
  exports: [
    AdminUsersService,
    AdminContentService,
    AdminRunsService,
    AdminReportsService,
    AdminPipelineService,
  ],
})
export class AdminModule {}
