import { signOAuthState, verifyOAuthState } from './oauth-state';
import { streamsToPoints } from './strava-activities';
import { nextQuarterHour, nextUtcMidnight, parseRateLimits, rateLimitedUntil } from './strava-rate-limit';
import { TokenCipher } from './token-cipher';

const headers = (h: Record<string, string>) => ({
  get: (name: string) => Object.entries(h).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null,
});

describe('Strava rules', () => {
  it('encrypts tokens with AES-GCM: random IV, tamper and wrong key detected', () => {
    const cipher = new TokenCipher(Buffer.alloc(32, 1));
    const a = cipher.encrypt('deadbeefd7ab44704fb2a146bd98c7a349a2b43d');
    expect(a).not.toContain('deadbeef');
    expect(cipher.encrypt('deadbeefd7ab44704fb2a146bd98c7a349a2b43d')).not.toBe(a);
    expect(cipher.decrypt(a)).toBe('deadbeefd7ab44704fb2a146bd98c7a349a2b43d');
    const parts = a.split('.');
    const flipped = [...parts.slice(0, 3), Buffer.from('x' + parts[3]).toString('base64url')].join('.');
    expect(() => cipher.decrypt(flipped)).toThrow();
    expect(() => new TokenCipher(Buffer.alloc(32, 2)).decrypt(a)).toThrow();
  });

  it('signs the OAuth state for one user and a limited time', () => {
    const now = Date.UTC(2026, 0, 1);
    const state = signOAuthState('secret', 'user-1', now);
    expect(verifyOAuthState('secret', state, 'user-1', now + 1000)).toBe('ok');
    expect(verifyOAuthState('secret', state, 'user-2', now)).toBe('other-user');
    expect(verifyOAuthState('other-secret', state, 'user-1', now)).toBe('bad-signature');
    expect(verifyOAuthState('secret', state, 'user-1', now + 11 * 60_000)).toBe('expired');
    expect(verifyOAuthState('secret', 'garbage', 'user-1', now)).toBe('malformed');
  });

  it('reads the rate-limit headers in any case and waits for the window that is spent', () => {
    const now = Date.UTC(2026, 0, 1, 10, 7, 30);
    expect(nextQuarterHour(now)).toBe(Date.UTC(2026, 0, 1, 10, 15));
    expect(nextUtcMidnight(now)).toBe(Date.UTC(2026, 0, 2));
    const room = parseRateLimits(headers({ 'X-Ratelimit-Limit': '200,2000', 'X-Ratelimit-Usage': '8,151' }));
    expect(room).toEqual([{ shortLimit: 200, dailyLimit: 2000, shortUsage: 8, dailyUsage: 151 }]);
    expect(rateLimitedUntil(room, now, false)).toBeNull();
    const short = parseRateLimits(
      headers({ 'x-readratelimit-limit': '100,1000', 'X-ReadRateLimit-Usage': '100,300' }),
    );
    expect(rateLimitedUntil(short, now, false)).toBe(Date.UTC(2026, 0, 1, 10, 15));
    const daily = parseRateLimits(
      headers({ 'X-RateLimit-Limit': '600,30000', 'X-RateLimit-Usage': '12,30000' }),
    );
    expect(rateLimitedUntil(daily, now, true)).toBe(Date.UTC(2026, 0, 2));
    expect(rateLimitedUntil([], now, true)).toBe(Date.UTC(2026, 0, 1, 10, 15));
  });

  it('turns streams (keyed or legacy array) into timed points; no latlng, no points', () => {
    const keyed = {
      time: { data: [0, 1, 2] },
      latlng: { data: [[41.16304, -74.179619], [41.163049, -74.179616], 'bad'] },
      altitude: { data: [147.2, 146.8, 146.8] },
      heartrate: { data: [71, 72, 72] },
    };
    expect(streamsToPoints('2019-06-01T10:00:00Z', keyed)).toEqual([
      { lat: 41.16304, lng: -74.179619, ele: 147.2, time: Date.UTC(2019, 5, 1, 10), heartRate: 71 },
      { lat: 41.163049, lng: -74.179616, ele: 146.8, time: Date.UTC(2019, 5, 1, 10, 0, 1), heartRate: 72 },
    ]);
    const legacy = [
      { type: 'time', data: [0] },
      { type: 'latlng', data: [[1, 2]] },
    ];
    expect(streamsToPoints('2019-06-01T10:00:00Z', legacy)).toHaveLength(1);
    expect(streamsToPoints('2019-06-01T10:00:00Z', { time: { data: [0, 1] } })).toEqual([]);
  });
});
