import { Module } from '@nestjs/common';
import { SocialModule } from '@runvs/social';
import { FollowsController } from './follows.controller';
import { ReactionsController } from './reactions.controller';
import { ReviewsController } from './reviews.controller';

@Module({ imports: [SocialModule], controllers: [FollowsController, ReviewsController, ReactionsController] })
export class SocialApiModule {}
