import { Module } from '@nestjs/common';
import { AdminModule } from '@runvs/admin';
import { AdminController } from './admin.controller';

@Module({ imports: [AdminModule], controllers: [AdminController] })
export class AdminApiModule {}
