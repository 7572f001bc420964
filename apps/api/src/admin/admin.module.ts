import { Module } from '@nestjs/common';
import { AdminModule } from '@runvs/admin';
import { AdminController } from './admin.controller';
import { BanAppealsController } from './ban-appeals.controller';

@Module({ imports: [AdminModule], controllers: [AdminController, BanAppealsController] })
export class AdminApiModule {}
