import { createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeHandler, HttpFake, type RecordedRequest, sendJson } from './http-fake';

export interface FcmSentMessage {
  token: string;
  notification?: { title?: string; body?: string };
  data?: Record<string, unknown>;
  android?: unknown;
  apns?: unknown;
}

const FCM_ERROR_TYPE = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;

/**
 * Google's OAuth token endpoint and FCM HTTP v1 `messages:send` (external-apis.md §8), one fake
 * server. It checks the service-account JWT (RS256 signature with the key it issued, iss, scope,
 * aud, exp) and the bearer token, answers each device token as the test arranged (UNREGISTERED,
 * invalid token, 503 a number of times) and records the messages it accepted.
 */
export class FakeFcm {
  readonly projectId = 'runvs-test';
  readonly clientEmail = 'firebase-adminsdk@runvs-test.iam.gserviceaccount.com';
  readonly server: HttpFake;
  /** Messages accepted (200), in order. */
  readonly delivered: FcmSentMessage[] = [];
  /** Tokens FCM answers 404 UNREGISTERED for. */
  readonly unregistered = new Set<string>();
  /** Tokens FCM answers 400 INVALID_ARGUMENT (not a valid registration token) for. */
  readonly invalid = new Set<string>();
  /** Token → how many more sends answer 503 UNAVAILABLE. */
  readonly unavailable = new Map<string, number>();
  /** Token → how many more sends answer 429 QUOTA_EXCEEDED, and the Retry-After (seconds) sent. */
  readonly quotaExceeded = new Map<string, { times: number; retryAfterSeconds: number }>();
  /** When set, the token endpoint answers this status. */
  tokenEndpointStatus?: number;
  private readonly issuedTokens = new Set<string>();
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private serviceAccountFile?: string;
  private sequence = 0;

  constructor() {
    const handler: FakeHandler = (request, response) => {
      if (request.method === 'POST' && request.path === '/token') return this.token(request, response);
      const send = SEND_PATH.exec(request.path);
      if (request.method === 'POST' && send) return this.send(send[1], request, response);
      return sendJson(response, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
    };
    this.server = new HttpFake(handler);
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  /** A service-account key file for this fake (token_uri pointing at it); written once. */
  serviceAccountPath(): string {
    if (this.serviceAccountFile) return this.serviceAccountFile;
    const dir = join(tmpdir(), `runvs-fake-fcm-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    this.serviceAccountFile = join(dir, 'service-account.json');
    writeFileSync(
      this.serviceAccountFile,
      JSON.stringify({
        type: 'service_account',
        project_id: this.projectId,
        private_key_id: 'fake-key-1',
        private_key: this.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }),
        client_email: this.clientEmail,
        client_id: '1234567890',
        token_uri: `${this.baseUrl}/token`,
      }),
    );
    return this.serviceAccountFile;
  }

  /** The env keys pointing the app at this fake. */
  env(): Record<string, string> {
    return { FCM_SERVICE_ACCOUNT_PATH: this.serviceAccountPath(), FCM_BASE_URL: this.baseUrl };
  }

  /** Accepted messages sent to `token`. */
  deliveredTo(token: string): FcmSentMessage[] {
    return this.delivered.filter((message) => message.token === token);
  }

  /** send requests received (accepted or not). */
  sendRequests(): RecordedRequest[] {
    return this.server.requests.filter((request) => SEND_PATH.test(request.path));
  }

  tokenRequests(): RecordedRequest[] {
    return this.server.requestsTo('/token');
  }

  /** Makes every access token issued so far invalid (FCM answers 401 until a new one is fetched). */
  revokeAccessTokens(): void {
    this.issuedTokens.clear();
  }

  private token(request: RecordedRequest, response: Parameters<FakeHandler>[1]): void {
    if (this.tokenEndpointStatus) {
      return sendJson(response, this.tokenEndpointStatus, { error: 'backend_error' });
    }
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return sendJson(response, 400, { error: 'unsupported_grant_type' });
    }
    const problem = this.checkAssertion(form.get('assertion') ?? '');
    if (problem) return sendJson(response, 400, { error: 'invalid_grant', error_description: problem });
    const accessToken = `ya29.fake-${randomBytes(12).toString('hex')}`;
    this.issuedTokens.add(accessToken);
    return sendJson(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  }

  private checkAssertion(assertion: string): string | undefined {
    const parts = assertion.split('.');
    if (parts.length !== 3) return 'malformed JWT';
    const [header, claims, signature] = parts;
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(this.keys.publicKey, Buffer.from(signature, 'base64url'));
    if (!verified) return 'Invalid JWT Signature.';
    const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
    const payload = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
    const now = Date.now() / 1000;
    if (decodedHeader.alg !== 'RS256') return 'alg must be RS256';
    if (payload.iss !== this.clientEmail) return 'wrong iss';
    if (payload.scope !== SCOPE) return 'wrong scope';
    if (payload.aud !== `${this.baseUrl}/token`) return 'wrong aud';
    if (typeof payload.exp !== 'number' || payload.exp < now || payload.exp - Number(payload.iat) > 3600) {
      return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
    }
    return undefined;
  }

  private send(project: string, request: RecordedRequest, response: Parameters<FakeHandler>[1]): void {
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !this.issuedTokens.has(bearer)) {
      return sendJson(response, 401, {
        error: {
          code: 401,
          message:
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
          status: 'UNAUTHENTICATED',
        },
      });
    }
    if (project !== this.projectId) {
      return sendJson(response, 403, {
        error: { code: 403, message: 'Permission denied', status: 'PERMISSION_DENIED' },
      });
    }
    const message = (JSON.parse(request.body) as { message?: FcmSentMessage }).message;
    if (!message?.token) {
      return sendJson(response, 400, {
        error: { code: 400, message: 'Recipient of the message is not set.', status: 'INVALID_ARGUMENT' },
      });
    }
    const badData = Object.entries(message.data ?? {}).findIndex(([, value]) => typeof value !== 'string');
    if (badData >= 0) {
      const text = `Invalid value at 'message.data[${badData}].value' (TYPE_STRING)`;
      return sendJson(response, 400, {
        error: {
          code: 400,
          message: text,
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: [{ field: `message.data[${badData}].value`, description: text }],
            },
          ],
        },
      });
    }
    if (this.unregistered.has(message.token)) {
      return sendJson(response, 404, {
        error: {
          code: 404,
          message: 'Requested entity was not found.',
          status: 'NOT_FOUND',
          details: [{ '@type': FCM_ERROR_TYPE, errorCode: 'UNREGISTERED' }],
        },
      });
    }
    if (this.invalid.has(message.token)) {
      return sendJson(response, 400, {
        error: {
          code: 400,
          message: 'The registration token is not a valid FCM registration token',
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': FCM_ERROR_TYPE, errorCode: 'INVALID_ARGUMENT' }],
        },
      });
    }
    const quota = this.quotaExceeded.get(message.token);
    if (quota && quota.times > 0) {
      quota.times -= 1;
      response.setHeader('Retry-After', String(quota.retryAfterSeconds));
      return sendJson(response, 429, {
        error: {
          code: 429,
          message: 'Quota exceeded for quota metric messages.',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': FCM_ERROR_TYPE, errorCode: 'QUOTA_EXCEEDED' }],
        },
      });
    }
    const outages = this.unavailable.get(message.token) ?? 0;
    if (outages > 0) {
      this.unavailable.set(message.token, outages - 1);
      return sendJson(response, 503, {
        error: {
          code: 503,
          message: 'The service is currently unavailable.',
          status: 'UNAVAILABLE',
          details: [{ '@type': FCM_ERROR_TYPE, errorCode: 'UNAVAILABLE' }],
        },
      });
    }
    this.sequence += 1;
    this.delivered.push(message);
    return sendJson(response, 200, {
      name: `projects/${this.projectId}/messages/0:${Date.now()}%${this.sequence.toString(16)}`,
    });
  }
}
