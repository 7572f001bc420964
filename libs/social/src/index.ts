export { ActivityFeedService, decodeCursor, encodeCursor } from './activity-feed.service';
export { CourseReactionsService } from './course-reactions.service';
export { FollowsService } from './follows.service';
export { FriendsService } from './friends.service';
export { ReviewsService } from './reviews.service';
export {
  courseLikeIntent,
  courseReviewIntent,
  followIntent,
  friendAcceptedIntent,
  friendRequestIntent,
  reviewReplyIntent,
} from './social-messages';
export { SocialModule } from './social.module';
export type * from './social.types';
