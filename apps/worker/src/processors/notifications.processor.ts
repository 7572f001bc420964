import { Processor } from '@nestjs/bullmq';
import { type DeliveryLedger, PushDeliveryService, pushRetryDelayMs } from '@runvs/notifications';
import { JOB_OPTIONS, type PayloadOf, QueueName, QueueProcessor } from '@runvs/queue';
import type { Job } from 'bullmq';

type NotificationsPayload = PayloadOf<typeof QueueName.Notifications>;

/**
 * Push delivery of one inbox entry. The devices already reached are kept in the job's progress,
 * which survives retries, so a retry after a partial failure does not push twice to a device.
 */
const NOTIFICATIONS_BACKOFF = JOB_OPTIONS[QueueName.Notifications].backoff;
const BASE_DELAY_MS =
  typeof NOTIFICATIONS_BACKOFF === 'object' ? (NOTIFICATIONS_BACKOFF.delay ?? 2_000) : 2_000;

@Processor(QueueName.Notifications, {
  settings: {
    // The `push-retry-after` backoff of the notifications queue's options: exponential, honouring Retry-After.
    backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
      pushRetryDelayMs(attemptsMade, BASE_DELAY_MS, error),
  },
})
export class NotificationsProcessor extends QueueProcessor<typeof QueueName.Notifications> {
  protected readonly queueName = QueueName.Notifications;

  constructor(private readonly delivery: PushDeliveryService) {
    super();
  }

  protected handle(payload: NotificationsPayload, job: Job<NotificationsPayload>): Promise<unknown> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.delivery.deliver(payload.notificationId, jobLedger(job), { finalAttempt });
  }

  protected override onFinalFailure(payload: NotificationsPayload): Promise<void> {
    return this.delivery.markFailed(payload.notificationId);
  }

  /** An admin re-drove a failed push: deliver it again. */
  protected override onRedrive(payload: NotificationsPayload): Promise<void> {
    return this.delivery.reopen(payload.notificationId);
  }
}

function jobLedger(job: Job<NotificationsPayload>): DeliveryLedger {
  const progress = job.progress as { sentTokenIds?: unknown; liveSent?: unknown } | number | undefined;
  const previous =
    typeof progress === 'object' && Array.isArray(progress.sentTokenIds)
      ? (progress.sentTokenIds as string[])
      : [];
  const sent = new Set(previous);
  let liveSent = typeof progress === 'object' && progress.liveSent === true;
  const save = () => job.updateProgress({ sentTokenIds: [...sent], liveSent });
  return {
    sentTokenIds: sent,
    get liveSent() {
      return liveSent;
    },
    async markSent(tokenId: string) {
      sent.add(tokenId);
      await save();
    },
    async markLiveSent() {
      liveSent = true;
      await save();
    },
  };
}
