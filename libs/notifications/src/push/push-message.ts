import type { DevicePlatform, NotificationEntity } from '@runvs/database';
import type { PushMessage } from './push-sender';

/**
 * The push for one device: the inbox row's title/body, and data the app routes on —
 * `type`, `notification_id`, `target_type`, `target_id` and the row's own data — all as strings
 * (FCM rejects any other value type).
 */
export function pushMessageFor(
  notification: Pick<
    NotificationEntity,
    'id' | 'type' | 'targetType' | 'targetId' | 'title' | 'body' | 'data'
  >,
  device: { token: string; platform: DevicePlatform },
): PushMessage {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(notification.data ?? {})) {
    if (value === null || value === undefined) continue;
    data[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  data.type = notification.type;
  data.notification_id = notification.id;
  if (notification.targetType) data.target_type = notification.targetType;
  if (notification.targetId) data.target_id = notification.targetId;
  return {
    token: device.token,
    platform: device.platform,
    title: notification.title ?? '',
    body: notification.body ?? '',
    data,
  };
}
