export { DeviceTokensService } from './device-tokens.service';
export { InboxService } from './inbox.service';
export type { DeviceRegistration, InboxItem, InboxPage } from './inbox.types';
export {
  DEFAULT_DEDUPE_WINDOW_SECONDS,
  NOTIFICATION_RETENTION_DAYS,
  NOTIFICATION_TARGET_TYPES,
  NOTIFICATION_TYPES,
  type NotificationIntent,
  type NotificationTargetType,
  type NotificationType,
} from './notification-types';
export { NotificationsModule } from './notifications.module';
export { NotificationsService } from './notifications.service';
export {
  classifyFcmError,
  fcmMessage,
  FcmHttpV1Sender,
  type FcmSenderOptions,
} from './push/fcm-http-v1.sender';
export {
  type DeliveryLedger,
  type DeliveryOutcome,
  PushDeliveryService,
  pushRetryDelayMs,
  TransientPushError,
} from './push/push-delivery.service';
export { pushMessageFor } from './push/push-message';
export { PushModule, pushSenderFromConfig } from './push/push.module';
export {
  DisabledPushSender,
  PUSH_SENDER,
  type PushMessage,
  type PushResult,
  type PushSender,
} from './push/push-sender';
export { FCM_SCOPE, loadServiceAccount, type ServiceAccount, signAssertion } from './push/service-account';
