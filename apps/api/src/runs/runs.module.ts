import { Module } from '@nestjs/common';
import { RunsModule as RunsDomainModule } from '@runvs/runs';
import { GhostController } from './ghost.controller';
import { RankingsController } from './rankings.controller';
import { RunsController } from './runs.controller';

@Module({ imports: [RunsDomainModule], controllers: [RunsController, RankingsController, GhostController] })
export class RunsApiModule {}
