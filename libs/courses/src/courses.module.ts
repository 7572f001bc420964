import { Module } from '@nestjs/common';
import { HeatmapModule } from '@runvs/heatmap';
import { PrivacyModule } from '@runvs/privacy';
import { CoursesRepository } from './courses.repository';
import { CoursesService } from './courses.service';

/** Courses for the api: creation, reads, lists and map queries. */
@Module({
  imports: [HeatmapModule, PrivacyModule],
  providers: [CoursesRepository, CoursesService],
  exports: [CoursesService, CoursesRepository],
})
export class CoursesModule {}
