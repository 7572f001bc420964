import { createVerify, generateKeyPairSync } from 'node:crypto';
import { classifyFcmError, fcmMessage } from './fcm-http-v1.sender';
import { pushRetryDelayMs, TransientPushError } from './push-delivery.service';
import { pushMessageFor } from './push-message';
import { FCM_SCOPE, signAssertion } from './service-account';

const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';

describe('classifyFcmError (external-apis.md §8)', () => {
  it('deletes the token on UNREGISTERED and on an invalid registration token', () => {
    expect(
      classifyFcmError(404, {
        error: {
          code: 404,
          status: 'NOT_FOUND',
          details: [{ '@type': FCM_ERROR, errorCode: 'UNREGISTERED' }],
        },
      }).outcome,
    ).toBe('invalid-token');
    expect(
      classifyFcmError(400, {
        error: {
          code: 400,
          status: 'INVALID_ARGUMENT',
          message: 'The registration token is not a valid FCM registration token',
          details: [{ '@type': FCM_ERROR, errorCode: 'INVALID_ARGUMENT' }],
        },
      }).outcome,
    ).toBe('invalid-token');
  });

  it('keeps the token when the payload is our bug (BadRequest field violations)', () => {
    expect(
      classifyFcmError(400, {
        error: {
          code: 400,
          status: 'INVALID_ARGUMENT',
          details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{}] }],
        },
      }).outcome,
    ).toBe('rejected');
  });

  it('retries quota, unavailability, internal errors and a refused OAuth token', () => {
    expect(classifyFcmError(429, { error: { status: 'RESOURCE_EXHAUSTED' } }, 30_000)).toEqual(
      expect.objectContaining({ outcome: 'retry', retryAfterMs: 30_000 }),
    );
    expect(classifyFcmError(503, { error: { status: 'UNAVAILABLE' } }).outcome).toBe('retry');
    expect(classifyFcmError(500, undefined).outcome).toBe('retry');
    expect(classifyFcmError(401, { error: { status: 'UNAUTHENTICATED' } }).outcome).toBe('retry');
  });

  it('gives up without deleting on SENDER_ID_MISMATCH and unknown 4xx', () => {
    expect(
      classifyFcmError(403, {
        error: {
          status: 'PERMISSION_DENIED',
          details: [{ '@type': FCM_ERROR, errorCode: 'SENDER_ID_MISMATCH' }],
        },
      }).outcome,
    ).toBe('rejected');
    expect(classifyFcmError(404, { error: { status: 'NOT_FOUND' } }).outcome).toBe('rejected');
  });
});

describe('push message', () => {
  it('sends every data value as a string with the routing fields', () => {
    const message = pushMessageFor(
      {
        id: 'n1',
        type: 'ranking_beaten',
        targetType: 'course',
        targetId: 'c1',
        title: '순위 변동',
        body: 'body',
        data: { rank: 2, previous_rank: 1, nested: { a: 1 }, missing: null, label: 'x' },
      },
      { token: 'tok', platform: 'ios' },
    );
    expect(message.data).toEqual({
      rank: '2',
      previous_rank: '1',
      nested: '{"a":1}',
      label: 'x',
      type: 'ranking_beaten',
      notification_id: 'n1',
      target_type: 'course',
      target_id: 'c1',
    });
    expect(fcmMessage(message)).toMatchObject({
      token: 'tok',
      notification: { title: '순위 변동', body: 'body' },
      android: { priority: 'high' },
      apns: { payload: { aps: { sound: 'default' } } },
    });
  });
});

describe('service-account assertion', () => {
  it('is an RS256 JWT with the FCM scope, audience and a one-hour lifetime', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwt = signAssertion(
      {
        projectId: 'p',
        clientEmail: 'sa@p.iam',
        privateKey,
        privateKeyId: 'k1',
        tokenUri: 'https://t/token',
      },
      'https://t/token',
      1_800_000_000,
    );
    const [header, claims, signature] = jwt.split('.');
    expect(
      createVerify('RSA-SHA256')
        .update(`${header}.${claims}`)
        .verify(publicKey, Buffer.from(signature, 'base64url')),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: 'k1',
    });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({
      iss: 'sa@p.iam',
      scope: FCM_SCOPE,
      aud: 'https://t/token',
      iat: 1_800_000_000,
      exp: 1_800_003_600,
    });
  });
});

describe('push retry delay', () => {
  it('is exponential from the base delay', () => {
    expect([1, 2, 3, 4].map((attempt) => pushRetryDelayMs(attempt, 2_000))).toEqual([
      2_000, 4_000, 8_000, 16_000,
    ]);
  });

  it("never comes before FCM's Retry-After, capped at an hour", () => {
    expect(pushRetryDelayMs(1, 2_000, new TransientPushError('quota', 30_000))).toBe(30_000);
    expect(pushRetryDelayMs(4, 2_000, new TransientPushError('quota', 3_000))).toBe(16_000);
    expect(pushRetryDelayMs(1, 2_000, new TransientPushError('quota', 86_400_000))).toBe(3_600_000);
    expect(pushRetryDelayMs(1, 2_000, new Error('db down'))).toBe(2_000);
  });
});
