import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { NotificationsModule } from '../notifications.module';
import { FcmHttpV1Sender } from './fcm-http-v1.sender';
import { PushDeliveryService } from './push-delivery.service';
import { DisabledPushSender, PUSH_SENDER, type PushSender } from './push-sender';
import { loadServiceAccount } from './service-account';

/** The FCM sender when a service account is configured (read at boot: a bad file fails fast). */
export function pushSenderFromConfig(config: AppConfig): PushSender {
  const { fcmServiceAccountPath, fcmBaseUrl, fcmTokenUrl, fcmTimeoutMs } = config.push;
  if (!fcmServiceAccountPath) {
    new Logger('PushModule').log(
      'FCM_SERVICE_ACCOUNT_PATH is empty: push notifications are logged, not sent',
    );
    return new DisabledPushSender();
  }
  return new FcmHttpV1Sender(loadServiceAccount(fcmServiceAccountPath), {
    baseUrl: fcmBaseUrl,
    tokenUrl: fcmTokenUrl,
    timeoutMs: fcmTimeoutMs,
  });
}

/** Push delivery (worker side). LivePublisher comes from the global LiveModule. */
@Module({
  imports: [NotificationsModule],
  providers: [
    { provide: PUSH_SENDER, inject: [APP_CONFIG], useFactory: pushSenderFromConfig },
    PushDeliveryService,
  ],
  exports: [PushDeliveryService, PUSH_SENDER],
})
export class PushModule {}
