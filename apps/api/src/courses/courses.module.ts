import { Module } from '@nestjs/common';
import { CoursesModule as CoursesDomainModule } from '@runvs/courses';
import { CoursesController } from './courses.controller';

@Module({ imports: [CoursesDomainModule], controllers: [CoursesController] })
export class CoursesApiModule {}
