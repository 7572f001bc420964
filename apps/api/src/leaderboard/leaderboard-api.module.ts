import { Module } from '@nestjs/common';
import { DistanceBoardsModule } from '@runvs/distance-boards';
import { LeaderboardController } from './leaderboard.controller';

@Module({ imports: [DistanceBoardsModule], controllers: [LeaderboardController] })
export class LeaderboardApiModule {}
