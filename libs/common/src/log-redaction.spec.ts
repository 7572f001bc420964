import { redactUrl } from './log-redaction';

describe('log redaction', () => {
  it.each([
    [
      '/api/v1/strava/webhook?hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=c1',
      '/api/v1/strava/webhook?hub.mode=subscribe&hub.verify_token=[REDACTED]&hub.challenge=[REDACTED]',
    ],
    ['/cb?code=abc&state=xyz&scope=read', '/cb?code=[REDACTED]&state=[REDACTED]&scope=read'],
    ['/ws?token=eyJ.x.y', '/ws?token=[REDACTED]'],
    [
      '/x?access_token=a&refresh_token=b&page=2',
      '/x?access_token=[REDACTED]&refresh_token=[REDACTED]&page=2',
    ],
    [
      '/x?client_secret=a&api_key=b&X-Amz-Signature=c',
      '/x?client_secret=[REDACTED]&api_key=[REDACTED]&X-Amz-Signature=[REDACTED]',
    ],
    ['/x?hub%2Everify_token=a', '/x?hub%2Everify_token=[REDACTED]'],
    ['/courses?page=1&limit=20', '/courses?page=1&limit=20'],
    ['/plain', '/plain'],
    ['/x?', '/x'],
    ['https://h/x?token=a#frag', 'https://h/x?token=[REDACTED]'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
