import { Module } from '@nestjs/common';
import { HeatmapModule } from '@runvs/heatmap';
import { CoursesRepository } from './courses.repository';
import { CoursesService } from './courses.service';
import { CourseStatsModule } from './stats/course-stats.module';

/** Courses for the api: creation, reads, lists and map queries. */
@Module({
  imports: [HeatmapModule, CourseStatsModule],
  providers: [CoursesRepository, CoursesService],
  exports: [CoursesService, CoursesRepository],
})
export class CoursesModule {}
