import { Module } from '@nestjs/common';
import { CourseThumbnailService } from './course-thumbnail.service';

/** Course thumbnails for the worker (needs ObjectStorage from StorageModule). */
@Module({ providers: [CourseThumbnailService], exports: [CourseThumbnailService] })
export class CourseThumbnailsModule {}
