import { Module } from '@nestjs/common';
import { CourseStatsModule } from '@runvs/courses';
import { NotificationsModule } from '@runvs/notifications';
import { PrivacyModule } from '@runvs/privacy';
import { ActivityFeedRepository } from './activity-feed.repository';
import { ActivityFeedService } from './activity-feed.service';
import { CourseAccessRepository } from './course-access.repository';
import { CourseReactionsService } from './course-reactions.service';
import { FollowsRepository } from './follows.repository';
import { FollowsService } from './follows.service';
import { FriendsAccountDeletionHook } from './friends-account-deletion.hook';
import { FriendsRepository } from './friends.repository';
import { FriendsService } from './friends.service';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';
import { SocialUsersRepository } from './social-users.repository';

@Module({
  imports: [NotificationsModule, CourseStatsModule, PrivacyModule],
  providers: [
    ActivityFeedRepository,
    ActivityFeedService,
    CourseAccessRepository,
    CourseReactionsService,
    FollowsRepository,
    FollowsService,
    FriendsAccountDeletionHook,
    FriendsRepository,
    FriendsService,
    ReviewsRepository,
    ReviewsService,
    SocialUsersRepository,
  ],
  exports: [ActivityFeedService, CourseReactionsService, FollowsService, FriendsService, ReviewsService],
})
export class SocialModule {}
