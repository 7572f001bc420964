import { Module } from '@nestjs/common';
import { StravaModule } from '@runvs/strava';
import { StravaController } from './strava.controller';

@Module({ imports: [StravaModule], controllers: [StravaController] })
export class StravaApiModule {}
