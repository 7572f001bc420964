import { Module } from '@nestjs/common';
import { ModerationModule } from '@runvs/moderation';
import { ModerationController } from './moderation.controller';

@Module({ imports: [ModerationModule], controllers: [ModerationController] })
export class ModerationApiModule {}
