import { Module } from '@nestjs/common';
import { NotificationsModule } from '@runvs/notifications';
import { AchievementsRepository } from './achievements.repository';
import { AchievementsService } from './achievements.service';

/** Achievements: rules in code, earned rows in `user_achievements`, awarded by the run pipeline. */
@Module({
  imports: [NotificationsModule],
  providers: [AchievementsRepository, AchievementsService],
  exports: [AchievementsService],
})
export class AchievementsModule {}
