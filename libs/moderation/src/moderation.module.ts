import { Module } from '@nestjs/common';
import { SocialModule } from '@runvs/social';
import { BlocksService } from './blocks.service';
import { ReportsService } from './reports.service';

/** Runner-side moderation: reports and blocks. */
@Module({
  imports: [SocialModule],
  providers: [ReportsService, BlocksService],
  exports: [ReportsService, BlocksService],
})
export class ModerationModule {}
