import { Module } from '@nestjs/common';
import { AdminModule } from '@runvs/admin';
import { AdminController } from './admin.controller';
import { AdminJobsController } from './admin-jobs.controller';

@Module({ imports: [AdminModule], controllers: [AdminController, AdminJobsController] })
export class AdminApiModule {}
