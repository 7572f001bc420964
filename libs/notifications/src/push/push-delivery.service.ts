import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeviceTokenEntity, NotificationEntity, type PushStatus } from '@runvs/database';
import { LivePublisher } from '@runvs/live';
import { DataSource } from 'typeorm';
import { InboxService } from '../inbox.service';
import { pushMessageFor } from './push-message';
import { PUSH_SENDER, type PushSender } from './push-sender';

/** Which devices already got this notification, kept across retries of one job. */
export interface DeliveryLedger {
  readonly sentTokenIds: ReadonlySet<string>;
  markSent(tokenId: string): Promise<void>;
  /** Whether the live socket event went out already (a retried job does not send it twice). */
  readonly liveSent: boolean;
  markLiveSent(): Promise<void>;
}

/** Some devices could not be reached for a transient reason: the job is retried for them. */
export class TransientPushError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientPushError';
  }
}

/** The longest Retry-After honoured (a longer one is the job's problem for its later attempts). */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * The delay before retry `attemptsMade` of a push job: exponential from `baseDelayMs`, but not
 * before the Retry-After the push service asked for.
 */
export function pushRetryDelayMs(attemptsMade: number, baseDelayMs: number, error?: Error): number {
  const exponential = Math.round(baseDelayMs * 2 ** Math.max(0, attemptsMade - 1));
  const retryAfter = error instanceof TransientPushError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(exponential, Math.min(retryAfter, MAX_RETRY_AFTER_MS));
}

export type DeliveryOutcome = 'gone' | 'already-done' | PushStatus;

/**
 * Delivery of one inbox entry: first to the recipient's open live sockets (`notification` event),
 * then as a push to every device of the recipient (the `notifications` queue).
 * Tokens the push service declares dead are deleted; transient failures throw TransientPushError
 * so the job is retried for the devices not reached yet (the ledger skips the others).
 */
@Injectable()
export class PushDeliveryService {
  private readonly logger = new Logger(PushDeliveryService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PUSH_SENDER) private readonly sender: PushSender,
    private readonly inbox: InboxService,
    private readonly live: LivePublisher,
  ) {}

  /**
   * Delivers one notification. On the job's last attempt (`finalAttempt`) a transient failure
   * still settles push_status (`sent` when any device got it, else `failed`) before throwing.
   */
  async deliver(
    notificationId: string,
    ledger: DeliveryLedger,
    { finalAttempt = false } = {},
  ): Promise<DeliveryOutcome> {
    const notification = await this.dataSource
      .getRepository(NotificationEntity)
      .findOne({ where: { id: notificationId } });
    if (!notification) return 'gone'; // purged, or the recipient's account was deleted
    if (notification.pushStatus !== 'pending') return 'already-done';

    // The job runs after the notification's transaction committed: the right moment for the socket.
    if (!ledger.liveSent) {
      const item = await this.inbox.item(notification.id);
      if (item) await this.live.toUsers([notification.userId], 'notification', { ...item });
      await ledger.markLiveSent();
    }

    if (!this.sender.enabled) {
      this.logger.log(
        `push not configured; notification ${notification.id} (${notification.type}) for user ` +
          `${notification.userId} logged, not sent: ${notification.title ?? ''}`,
      );
      return this.finish(notification.id, 'skipped');
    }

    const devices = await this.dataSource
      .getRepository(DeviceTokenEntity)
      .find({ where: { userId: notification.userId }, order: { createdAt: 'ASC' } });
    if (devices.length === 0) return this.finish(notification.id, 'skipped');

    let delivered = devices.some((device) => ledger.sentTokenIds.has(device.id));
    const transient: string[] = [];
    let retryAfterMs: number | undefined;
    for (const device of devices) {
      if (ledger.sentTokenIds.has(device.id)) continue;
      const result = await this.sender.send(pushMessageFor(notification, device));
      switch (result.outcome) {
        case 'sent':
          delivered = true;
          await ledger.markSent(device.id);
          break;
        case 'invalid-token':
          // Delete this very row only: if the token meanwhile moved to another user, keep it.
          await this.dataSource.query(`DELETE FROM device_tokens WHERE id = $1 AND token = $2`, [
            device.id,
            device.token,
          ]);
          this.logger.log(`device token ${device.id} of user ${device.userId} deleted: ${result.reason}`);
          break;
        case 'retry':
          transient.push(result.reason);
          if (result.retryAfterMs !== undefined)
            retryAfterMs = Math.max(retryAfterMs ?? 0, result.retryAfterMs);
          break;
        case 'rejected':
          this.logger.warn(`push ${notification.id} to device ${device.id} rejected: ${result.reason}`);
          break;
      }
    }
    if (transient.length > 0) {
      if (finalAttempt) await this.finish(notification.id, delivered ? 'sent' : 'failed');
      throw new TransientPushError(
        `push ${notification.id}: ${transient.length} device(s) to retry: ${transient.join('; ')}`,
        retryAfterMs,
      );
    }
    return this.finish(notification.id, delivered ? 'sent' : 'failed');
  }

  /** After the last attempt: whatever was not delivered is failed. */
  async markFailed(notificationId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET push_status = 'failed' WHERE id = $1 AND push_status = 'pending'`,
      [notificationId],
    );
  }

  /** A re-drive of a push that failed for good: pending again, so delivery is tried anew. */
  async reopen(notificationId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET push_status = 'pending' WHERE id = $1 AND push_status = 'failed'`,
      [notificationId],
    );
  }

  private async finish(notificationId: string, status: PushStatus): Promise<PushStatus> {
    await this.dataSource.query(
      `UPDATE notifications SET push_status = $2 WHERE id = $1 AND push_status = 'pending'`,
      [notificationId, status],
    );
    return status;
  }
}
