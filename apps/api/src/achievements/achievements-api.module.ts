import { Module } from '@nestjs/common';
import { AchievementsModule } from '@runvs/achievements';
import { AchievementsController } from './achievements.controller';

@Module({ imports: [AchievementsModule], controllers: [AchievementsController] })
export class AchievementsApiModule {}
