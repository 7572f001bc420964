import { Module } from '@nestjs/common';
import { AdminModule } from '@runvs/admin';
import { AdminController } from './admin.controller';
import { AdminJobsController } from './admin-jobs.controller';
import { BanAppealsController } from './ban-appeals.controller';

@Module({ imports: [AdminModule], controllers: [AdminController, AdminJobsController, BanAppealsController] })
export class AdminApiModule {}
