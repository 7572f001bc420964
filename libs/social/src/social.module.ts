import { Module } from '@nestjs/common';
import { CourseStatsModule } from '@runvs/courses';
import { NotificationsModule } from '@runvs/notifications';
import { ActivityFeedRepository } from './activity-feed.repository';
import { ActivityFeedService } from './activity-feed.service';
import { CourseAccessRepository } from './course-access.repository';
import { CourseReactionsService } from './course-reactions.service';
import { FollowsRepository } from './follows.repository';
import { FollowsService } from './follows.service';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

@Module({
  imports: [NotificationsModule, CourseStatsModule],
  providers: [
    ActivityFeedRepository,
    ActivityFeedService,
    CourseAccessRepository,
    CourseReactionsService,
    FollowsRepository,
    FollowsService,
    ReviewsRepository,
    ReviewsService,
  ],
  exports: [ActivityFeedService, CourseReactionsService, FollowsService, ReviewsService],
})
export class SocialModule {}
