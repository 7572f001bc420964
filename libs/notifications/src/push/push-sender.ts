/** One push to one device, in FCM's vocabulary (data values are strings, as FCM requires). */
export interface PushMessage {
  token: string;
  platform: 'ios' | 'android';
  title: string;
  body: string;
  data: Record<string, string>;
}

/**
 * How a send went:
 * - `sent`: accepted by the push service;
 * - `invalid-token`: the token will never work again (UNREGISTERED, malformed): delete it;
 * - `retry`: a transient problem (quota, 5xx, network, expired credentials): try again later;
 * - `rejected`: the push service refused this message for good (a sender bug, a token of another
 *   project): log it, do not retry and keep the token.
 */
export type PushResult =
  | { outcome: 'sent'; messageId: string }
  | { outcome: 'invalid-token'; reason: string }
  | { outcome: 'retry'; reason: string; retryAfterMs?: number }
  | { outcome: 'rejected'; reason: string };

/** The push provider behind one interface (FCM HTTP v1 in production, a fake in tests). */
export interface PushSender {
  /** False when no credentials are configured: deliveries are then logged, not sent. */
  readonly enabled: boolean;
  send(message: PushMessage): Promise<PushResult>;
}

export const PUSH_SENDER = Symbol('PUSH_SENDER');

/** The sender used without credentials: it is never asked to send. */
export class DisabledPushSender implements PushSender {
  readonly enabled = false;

  send(): Promise<PushResult> {
    return Promise.resolve({ outcome: 'rejected', reason: 'push delivery is not configured' });
  }
}
