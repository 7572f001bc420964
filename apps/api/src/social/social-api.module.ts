import { Module } from '@nestjs/common';
import { SocialModule } from '@runvs/social';
import { FollowsController } from './follows.controller';
import { FriendsController } from './friends.controller';
import { ReactionsController } from './reactions.controller';
import { ReviewsController } from './reviews.controller';

@Module({
  imports: [SocialModule],
  controllers: [FollowsController, FriendsController, ReviewsController, ReactionsController],
})
export class SocialApiModule {}
