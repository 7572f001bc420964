import { generateKeyPairSync } from 'node:crypto';
import { DEFAULT_JWKS_TTL_MS, JwksCache, ttlFromCacheControl } from './jwks-cache';

function jwk(kid: string) {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

describe('JwksCache', () => {
  const keyA = jwk('a');
  const keyB = jwk('b');
  let clock = 0;
  let published: unknown[] = [];
  let status = 200;
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    clock = 1_000_000;
    published = [keyA];
    status = 200;
    fetchMock = jest
      .spyOn(global, 'fetch')
      .mockImplementation(async () =>
        status === 200
          ? new Response(JSON.stringify({ keys: published }), { headers: { 'cache-control': 'max-age=600' } })
          : new Response('{}', { status }),
      );
  });

  afterEach(() => fetchMock.mockRestore());

  const cache = (cooldownMs = 30_000) =>
    new JwksCache({
      url: 'https://keys.example/jwks',
      label: 'Example',
      timeoutMs: 1000,
      refetchCooldownMs: cooldownMs,
      fetchFailureCode: 'APPLE_KEYS_FETCH_FAILED',
      now: () => clock,
    });

  it('fetches once and serves known keys from memory until max-age', async () => {
    const keys = cache();
    expect(await keys.getKey('a')).not.toBeNull();
    expect(await keys.getKey('a')).not.toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    clock += 601_000;
    await keys.getKey('a');
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('refetches on an unknown kid, but at most once per cooldown', async () => {
    const keys = cache(30_000);
    await keys.getKey('a');
    published = [keyA, keyB];
    clock += 31_000;
    expect(await keys.getKey('b')).not.toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    // A flood of forged kids right after: no further request.
    for (const kid of ['x', 'y', 'z']) expect(await keys.getKey(kid)).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(2);
    clock += 30_000;
    expect(await keys.getKey('x')).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('shares one fetch between concurrent callers', async () => {
    const keys = cache();
    await Promise.all([keys.getKey('a'), keys.getKey('a'), keys.getKey('a')]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('keeps serving held keys when a refresh fails, and fails with the configured code when it has none', async () => {
    const keys = cache();
    await keys.getKey('a');
    status = 500;
    clock += 601_000;
    expect(await keys.getKey('a')).not.toBeNull();
    const empty = cache();
    await expect(empty.getKey('a')).rejects.toMatchObject({ code: 'APPLE_KEYS_FETCH_FAILED' });
    status = 404;
    await expect(cache().getKey('a')).rejects.toMatchObject({ code: 'APPLE_KEYS_FETCH_FAILED' });
  });

  it('ignores keys that are not RS256 signature keys', async () => {
    published = [{ ...keyA, use: 'enc' }, { kty: 'EC', kid: 'ec', crv: 'P-256', x: 'x', y: 'y' }, keyB];
    const keys = cache();
    expect(await keys.getKey('a')).toBeNull();
    expect(await keys.getKey('ec')).toBeNull();
    expect(await keys.getKey('b')).not.toBeNull();
  });

  it('reads max-age and clamps it', () => {
    expect(ttlFromCacheControl(null)).toBe(DEFAULT_JWKS_TTL_MS);
    expect(ttlFromCacheControl('public, max-age=21600, must-revalidate')).toBe(21_600_000);
    expect(ttlFromCacheControl('max-age=1')).toBe(60_000);
    expect(ttlFromCacheControl('max-age=9999999')).toBe(86_400_000);
  });
});
