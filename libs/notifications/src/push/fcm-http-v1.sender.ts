import { Logger } from '@nestjs/common';
import type { PushMessage, PushResult, PushSender } from './push-sender';
import { type ServiceAccount, signAssertion } from './service-account';

export interface FcmSenderOptions {
  /** FCM API base, `https://fcm.googleapis.com` in production. */
  baseUrl: string;
  /** OAuth token endpoint; defaults to the service account's `token_uri`. */
  tokenUrl?: string;
  timeoutMs: number;
}

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is not used any more (a minute before it expires). */
  refreshAt: number;
}

interface FcmErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    details?: Array<{ '@type'?: string; errorCode?: string; fieldViolations?: unknown[] }>;
  };
}

const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const TOKEN_EARLY_REFRESH_MS = 60_000;

/**
 * FCM HTTP v1 (external-apis.md §8): a service-account JWT is exchanged for an OAuth access token
 * (cached until a minute before it expires, one exchange at a time), then each message is POSTed
 * to `/v1/projects/{project}/messages:send`. FCM's answer is sorted into the PushResult cases.
 */
export class FcmHttpV1Sender implements PushSender {
  readonly enabled = true;
  private readonly logger = new Logger(FcmHttpV1Sender.name);
  private token?: CachedToken;
  private tokenRequest?: Promise<string>;

  constructor(
    private readonly account: ServiceAccount,
    private readonly options: FcmSenderOptions,
  ) {}

  async send(message: PushMessage): Promise<PushResult> {
    let accessToken: string;
    try {
      accessToken = await this.accessToken();
    } catch (error) {
      return { outcome: 'retry', reason: `FCM OAuth token: ${(error as Error).message}` };
    }
    const url = `${this.options.baseUrl}/v1/projects/${encodeURIComponent(this.account.projectId)}/messages:send`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json; UTF-8' },
        body: JSON.stringify({ message: fcmMessage(message) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      return { outcome: 'retry', reason: `FCM unreachable: ${(error as Error).message}` };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      const name = (safeJson(text) as { name?: unknown } | undefined)?.name;
      return { outcome: 'sent', messageId: typeof name === 'string' ? name : '' };
    }
    if (response.status === 401) this.token = undefined; // expired or revoked: fetch a new one next time
    return classifyFcmError(
      response.status,
      safeJson(text) as FcmErrorBody | undefined,
      retryAfterMs(response),
    );
  }

  /** A valid OAuth access token, exchanging a fresh assertion when the cached one is stale. */
  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    this.tokenRequest ??= this.fetchAccessToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async fetchAccessToken(): Promise<string> {
    const audience = this.account.tokenUri;
    const tokenUrl = this.options.tokenUrl ?? this.account.tokenUri;
    const assertion = signAssertion(this.account, audience, Math.floor(Date.now() / 1000));
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.text();
    const body = safeJson(text) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (!response.ok || typeof body?.access_token !== 'string') {
      throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    const expiresInMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    this.token = {
      value: body.access_token,
      refreshAt: Date.now() + Math.max(0, expiresInMs - TOKEN_EARLY_REFRESH_MS),
    };
    this.logger.debug(`FCM access token obtained, valid ${Math.round(expiresInMs / 1000)} s`);
    return body.access_token;
  }
}

/** The HTTP v1 message body: notification, string data, high priority on Android, sound on iOS. */
export function fcmMessage(message: PushMessage): Record<string, unknown> {
  return {
    token: message.token,
    notification: { title: message.title, body: message.body },
    data: message.data,
    android: { priority: 'high', notification: { channel_id: 'default', sound: 'default' } },
    apns: { headers: { 'apns-priority': '10' }, payload: { aps: { sound: 'default' } } },
  };
}

/** Sorts an FCM error answer into a PushResult (error codes of external-apis.md §8). */
export function classifyFcmError(
  status: number,
  body: FcmErrorBody | undefined,
  retryAfter?: number,
): PushResult {
  const details = body?.error?.details ?? [];
  const errorCode = details.find((detail) => detail['@type'] === FCM_ERROR_TYPE)?.errorCode;
  const reason =
    `FCM ${status} ${errorCode ?? body?.error?.status ?? ''}: ${body?.error?.message ?? ''}`.trim();
  // Only FCM's own verdict about the token deletes it; a bad payload (BadRequest field
  // violations, no FcmError code) is our bug and the token stays.
  if (errorCode === 'UNREGISTERED') return { outcome: 'invalid-token', reason };
  if (errorCode === 'INVALID_ARGUMENT') return { outcome: 'invalid-token', reason };
  if (status === 401 || status === 429 || status === 408 || status >= 500) {
    return { outcome: 'retry', reason, retryAfterMs: retryAfter };
  }
  if (errorCode === 'QUOTA_EXCEEDED' || errorCode === 'UNAVAILABLE' || errorCode === 'INTERNAL') {
    return { outcome: 'retry', reason, retryAfterMs: retryAfter };
  }
  return { outcome: 'rejected', reason };
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
