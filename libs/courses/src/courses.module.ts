import { Module } from '@nestjs/common';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { PrivacyModule } from '@runvs/privacy';
import { CourseRemovalService } from './course-removal.service';
import { CourseRouteService } from './course-route.service';
import { CoursesRepository } from './courses.repository';
import { CoursesService } from './courses.service';
import { CourseStatsModule } from './stats/course-stats.module';

/** Courses for the api: creation, reads, lists and map queries. */
@Module({
  imports: [HeatmapModule, CourseStatsModule, EventsModule, PrivacyModule],
  providers: [CoursesRepository, CoursesService, CourseRemovalService, CourseRouteService],
  exports: [CoursesService, CoursesRepository, CourseRemovalService, CourseRouteService],
})
export class CoursesModule {}
