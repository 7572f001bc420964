import { BanAppealEntity } from './ban-appeal.entity';
import { CourseFavoriteEntity } from './course-favorite.entity';
import { CourseLikeEntity } from './course-like.entity';
import { CourseStatsEntity } from './course-stats.entity';
import { CourseEntity } from './course.entity';
import { DeviceTokenEntity } from './device-token.entity';
import { EventParticipantEntity } from './event-participant.entity';
import { EventEntity } from './event.entity';
import { ExternalImportEntity } from './external-import.entity';
import { FollowEntity } from './follow.entity';
import { FriendRequestEntity } from './friend-request.entity';
import { HeatmapCellEntity } from './heatmap-cell.entity';
import { HeatmapPointEntity } from './heatmap-point.entity';
import { JobFailureEntity } from './job-failure.entity';
import { NotificationEntity } from './notification.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { PrivacyZoneEntity } from './privacy-zone.entity';
import { RankingEntity } from './ranking.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { ReportEntity } from './report.entity';
import { ReviewEntity } from './review.entity';
import { RunChunkEntity } from './run-chunk.entity';
import { RunRecordEntity } from './run-record.entity';
import { RunTrackEntity } from './run-track.entity';
import { UserAchievementEntity } from './user-achievement.entity';
import { DataExportEntity } from './data-export.entity';
import { RunSessionEntity } from './run-session.entity';
import { SocialAccountEntity } from './social-account.entity';
import { StoredFileEntity } from './stored-file.entity';
import { StravaConnectionEntity } from './strava-connection.entity';
import { StravaWebhookSubscriptionEntity } from './strava-webhook-subscription.entity';
import { UserBlockEntity } from './user-block.entity';
import { UserEntity } from './user.entity';

export * from './ban-appeal.entity';
export * from './course-favorite.entity';
export * from './course-like.entity';
export * from './course-stats.entity';
export * from './course.entity';
export * from './device-token.entity';
export * from './event-participant.entity';
export * from './event.entity';
export * from './external-import.entity';
export * from './follow.entity';
export * from './friend-request.entity';
export * from './heatmap-cell.entity';
export * from './heatmap-point.entity';
export * from './job-failure.entity';
export * from './notification.entity';
export * from './outbox-event.entity';
export * from './privacy-zone.entity';
export * from './ranking.entity';
export * from './refresh-token.entity';
export * from './report.entity';
export * from './review.entity';
export * from './run-chunk.entity';
export * from './run-record.entity';
export * from './run-track.entity';
export * from './run-session.entity';
export * from './social-account.entity';
export * from './stored-file.entity';
export * from './strava-connection.entity';
export * from './strava-webhook-subscription.entity';
export * from './user-block.entity';
export * from './user.entity';
export * from './user-achievement.entity';
export * from './data-export.entity';

export const ENTITIES = [
  UserEntity,
  SocialAccountEntity,
  RefreshTokenEntity,
  DeviceTokenEntity,
  StravaConnectionEntity,
  StravaWebhookSubscriptionEntity,
  CourseEntity,
  CourseStatsEntity,
  RankingEntity,
  ReviewEntity,
  CourseLikeEntity,
  CourseFavoriteEntity,
  RunSessionEntity,
  RunChunkEntity,
  RunRecordEntity,
  FollowEntity,
  FriendRequestEntity,
  BanAppealEntity,
  UserBlockEntity,
  ReportEntity,
  EventEntity,
  EventParticipantEntity,
  ExternalImportEntity,
  NotificationEntity,
  StoredFileEntity,
  OutboxEventEntity,
  JobFailureEntity,
  HeatmapPointEntity,
  HeatmapCellEntity,
  PrivacyZoneEntity,
  RunTrackEntity,
  UserAchievementEntity,
  DataExportEntity,
];
