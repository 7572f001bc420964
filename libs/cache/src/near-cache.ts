import type { ChannelListener } from '@runvs/redis';

/**
 * What a read saw before it went to Redis or the database: a value it brings back may be kept only
 * if no invalidation arrived in between (see NearCache.set).
 */
export interface NearCacheStamp {
  readonly epoch: number;
  readonly heard: number;
}

interface NearEntry<V> {
  value: V;
  tags: readonly string[];
  expiresAt: number;
  bytes: number;
}

export interface NearCacheLimits {
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
  /** Approximate bytes kept at most (as the caller sizes its values). */
  maxBytes: number;
}

/**
 * A small in-process cache in front of Redis, for values read on every request (auth state, hot
 * public answers). It never decides freshness by itself: it is usable only while its owner says the
 * invalidation feed is live (`enable()` / `disable()`), an invalidation drops every entry carrying
 * one of its tags at once (`drop`), and a value read while any invalidation arrived is not kept
 * (`stamp` before the read, `set` after), so it cannot bring back what was just invalidated.
 * Entries also expire after their own short TTL, and the cache is bounded by entries and bytes.
 */
export class NearCache<V> {
  private readonly entries = new Map<string, NearEntry<V>>();
  private readonly byTag = new Map<string, Set<string>>();
  private bytes = 0;
  private epoch = 0;
  private heard = 0;
  private live = false;

  constructor(private readonly limits: NearCacheLimits) {}

  /** The feed is listening: values may be kept from now on. */
  enable(): void {
    this.clear();
    this.live = true;
  }

  /** The feed stopped (or is not up yet): nothing is served or kept until enable(). */
  disable(): void {
    this.live = false;
    this.clear();
  }

  /** Taken before reading from the shared store; null while the cache is off. */
  stamp(): NearCacheStamp | null {
    return this.live ? { epoch: this.epoch, heard: this.heard } : null;
  }

  get(key: string, now = Date.now()): V | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.remove(key, entry);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Keeps `value` for `ttlMs` under `tags` unless the cache went off or heard of any invalidation
   * since `stamp` was taken (the value may predate it).
   */
  set(
    key: string,
    value: V,
    tags: readonly string[],
    ttlMs: number,
    stamp: NearCacheStamp | null,
    bytes = 0,
  ): void {
    if (!this.live || !stamp || stamp.epoch !== this.epoch || stamp.heard !== this.heard) return;
    if (bytes > this.limits.maxBytes / 4) return;
    const existing = this.entries.get(key);
    if (existing) this.remove(key, existing);
    this.entries.set(key, { value, tags, expiresAt: Date.now() + ttlMs, bytes });
    this.bytes += bytes;
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    // Map order is insertion order: the first entries are the oldest.
    for (const [oldKey, oldEntry] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.remove(oldKey, oldEntry);
    }
  }

  /** An invalidation was heard: every entry under these tags goes, and reads in flight are not kept. */
  drop(tags: readonly string[]): void {
    this.heard++;
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        const entry = this.entries.get(key);
        if (entry) this.remove(key, entry);
      }
    }
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.byTag.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: NearEntry<V>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(tag);
    }
  }
}

/** How long an in-process copy is served at most without asking Redis again. */
export const NEAR_CACHE_TTL_MS = 5_000;

/**
 * Feeds a NearCache from a Redis channel: a message drops the entries under the tags it names
 * (`tagsOf`; null drops everything), and the cache is on only while the channel is live.
 */
export function nearCacheListener<V>(
  cache: NearCache<V>,
  tagsOf: (message: string) => readonly string[] | null,
): ChannelListener {
  return {
    message: (text) => {
      const tags = tagsOf(text);
      if (tags) cache.drop(tags);
      else cache.clear();
    },
    live: (listening) => (listening ? cache.enable() : cache.disable()),
  };
}

/**
 * A value served to many requests from one in-process copy must not change under them: frozen, a
 * caller that tries throws instead of corrupting everyone's answer.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
