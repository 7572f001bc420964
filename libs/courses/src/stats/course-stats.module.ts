import { Module } from '@nestjs/common';
import { CourseStatsRepository } from './course-stats.repository';
import { CourseStatsService } from './course-stats.service';

/** course_stats and its one writer, for every domain that changes a course's figures. */
@Module({
  providers: [CourseStatsRepository, CourseStatsService],
  exports: [CourseStatsService],
})
export class CourseStatsModule {}
