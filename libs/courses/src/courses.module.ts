import { Module } from '@nestjs/common';
import { EventsModule } from '@runvs/events';
import { HeatmapModule } from '@runvs/heatmap';
import { PrivacyModule } from '@runvs/privacy';
import { CourseRemovalService } from './course-removal.service';
import { CourseRouteService } from './course-route.service';
import { CoursesRepository } from './courses.repository';
import { CoursesService } from './courses.service';
import { CourseDiscoveryRepository } from './discovery/course-discovery.repository';
import { CourseDiscoveryService } from './discovery/course-discovery.service';
import { CourseStatsModule } from './stats/course-stats.module';

/** Courses for the api: creation, reads, lists and map queries. */
@Module({
  imports: [HeatmapModule, CourseStatsModule, EventsModule, PrivacyModule],
  providers: [
    CoursesRepository,
    CoursesService,
    CourseDiscoveryRepository,
    CourseDiscoveryService,
    CourseRemovalService,
    CourseRouteService,
  ],
  exports: [
    CoursesService,
    CoursesRepository,
    CourseDiscoveryService,
    CourseRemovalService,
    CourseRouteService,
  ],
})
export class CoursesModule {}
