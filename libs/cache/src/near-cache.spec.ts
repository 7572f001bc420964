import { deepFreeze, NearCache, nearCacheListener } from './near-cache';

const limits = { maxEntries: 3, maxBytes: 1_000 };

function liveCache(): NearCache<string> {
  const cache = new NearCache<string>(limits);
  cache.enable();
  return cache;
}

describe('NearCache', () => {
  it('serves nothing and keeps nothing while off', () => {
    const cache = new NearCache<string>(limits);
    expect(cache.stamp()).toBeNull();
    cache.set('k', 'v', [], 1_000, { epoch: 0, heard: 0 });
    expect(cache.get('k')).toBeUndefined();
    cache.enable();
    cache.set('k', 'v', [], 1_000, cache.stamp());
    cache.disable();
    expect(cache.get('k')).toBeUndefined();
  });

  it('keeps a value until its tag is dropped or it expires', () => {
    const cache = liveCache();
    cache.set('a', '1', ['user:1'], 1_000, cache.stamp());
    cache.set('b', '2', ['user:2'], 1_000, cache.stamp());
    expect(cache.get('a')).toBe('1');
    cache.drop(['user:1']);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('2');
    expect(cache.get('b', Date.now() + 1_001)).toBeUndefined();
  });

  it('does not keep a value read while an invalidation or a reset came in', () => {
    const cache = liveCache();
    const before = cache.stamp();
    cache.drop(['user:other']);
    cache.set('a', 'old', ['user:1'], 1_000, before);
    expect(cache.get('a')).toBeUndefined();
    const beforeReset = cache.stamp();
    cache.disable();
    cache.enable();
    cache.set('a', 'old', ['user:1'], 1_000, beforeReset);
    expect(cache.get('a')).toBeUndefined();
  });

  it('is bounded by entries and bytes, oldest first', () => {
    const cache = liveCache();
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, key, [], 1_000, cache.stamp(), 10);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    cache.set('big', 'x', [], 1_000, cache.stamp(), 240);
    cache.set('big2', 'y', [], 1_000, cache.stamp(), 240);
    cache.set('big3', 'z', [], 1_000, cache.stamp(), 240);
    cache.set('big4', 'w', [], 1_000, cache.stamp(), 240);
    expect(cache.get('big')).toBeUndefined();
    expect(cache.get('big4')).toBe('w');
    // A value larger than a quarter of the budget is never kept.
    cache.set('huge', 'h', [], 1_000, cache.stamp(), 300);
    expect(cache.get('huge')).toBeUndefined();
  });

  it('follows its channel: on while live, drops what messages name, everything for unreadable ones', () => {
    const cache = new NearCache<string>(limits);
    const listener = nearCacheListener(cache, (text) => (text.startsWith('[') ? JSON.parse(text) : null));
    listener.live(true);
    cache.set('a', '1', ['s:1'], 1_000, cache.stamp());
    cache.set('b', '2', ['s:2'], 1_000, cache.stamp());
    listener.message('["s:1"]');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('2');
    listener.message('garbled');
    expect(cache.get('b')).toBeUndefined();
    cache.set('c', '3', ['s:3'], 1_000, cache.stamp());
    listener.live(false);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.stamp()).toBeNull();
  });

  it('freezes a shared value all the way down', () => {
    const value = deepFreeze({ rows: [{ id: 1 }] });
    expect(() => {
      'use strict';
      (value.rows[0] as { id: number }).id = 2;
    }).toThrow(TypeError);
  });
});
