export { bearerOf, type FakeOutage, FakeHttpServer, sendJson } from './fake-http-server';
export { FakeKakao, type KakaoAccount } from './fake-kakao';
export { FakeNaver, type NaverAccount } from './fake-naver';
export { FakeOidcProvider, type SignOptions } from './fake-oidc-provider';
export { FakeS3, type FakeS3Object } from './fake-s3';
export { FakeFcm, type FcmSentMessage } from './fake-fcm';
export { FAKE_MAPBOX_COLOUR, FakeMapbox, type MapboxMode } from './fake-mapbox';
export { FakeStrava, type FakeStravaActivity } from './fake-strava';
export { FakeSentry, type SentryEvent } from './fake-sentry';
