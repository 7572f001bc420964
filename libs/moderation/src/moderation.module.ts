import { Module } from '@nestjs/common';
import { BlocksService } from './blocks.service';
import { ReportsService } from './reports.service';

/** Runner-side moderation: reports and blocks. */
@Module({ providers: [ReportsService, BlocksService], exports: [ReportsService, BlocksService] })
export class ModerationModule {}
