import { Module } from '@nestjs/common';
import { AchievementsModule } from '@runvs/achievements';
import { NotificationsModule } from '@runvs/notifications';
import { RunsModule } from '@runvs/runs';
import { ExportArchiveBuilder } from './export-archive';
import { ExportsAccountDeletionHook } from './exports-account-deletion.hook';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/** Data exports (`data_exports`): request, build (worker), status and download. */
@Module({
  imports: [NotificationsModule, RunsModule, AchievementsModule],
  providers: [ExportsRepository, ExportArchiveBuilder, ExportsService, ExportsAccountDeletionHook],
  exports: [ExportsService],
})
export class ExportsModule {}
