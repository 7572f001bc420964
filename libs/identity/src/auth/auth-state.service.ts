import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import type { UserRole } from '@runvs/database';
import { NEAR_CACHE_TTL_MS, NearCache, nearCacheListener } from '@runvs/cache';
import { REDIS_CLIENT, RedisKeys, RedisSubscription } from '@runvs/redis';
import type Redis from 'ioredis';
import { AuthStateRepository, type StoredAuthState } from './auth-state.repository';
import { isBanActive } from './ban.rules';

/** What the auth state says about one access token's user and session, right now. */
export type SessionAuthState =
  | { status: 'active'; role: UserRole; ban: { reason: string | null } | null }
  | { status: 'ended' }
  | { status: 'missing' };

/** Published on `<prefix>:auth:events` so long-lived connections (WebSockets) can react at once. */
export type AuthEvent =
  { type: 'session-ended'; userId: string; sessionId: string } | { type: 'user-changed'; userId: string };

/** A session's state as cached: generation, user, role, ban (reason, end in ms), ended, missing. */
interface CachedState {
  g: number;
  u: string;
  r?: UserRole;
  b?: [string | null, number | null];
  e?: 1;
  m?: 1;
}

const GENERATION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The per-request auth state, so a request needs no `users` query: a session's role, ban and
 * "signed out" flag are cached in Redis for AUTH_STATE_CACHE_SECONDS, and every change through the
 * app takes effect on the very next request:
 * - `invalidateUser` (ban, unban, role change, account deletion — after the commit) bumps the
 *   user's generation; cached states of an older generation are ignored and reloaded;
 * - `endSessions` (logout, refresh-token reuse) writes an "ended" mark per session that outlives
 *   every access token of it, and is checked on each request next to the cached state.
 * One MGET per request at most: a session's state is also kept in process for NEAR_CACHE_TTL_MS,
 * dropped the moment the AuthEvent of its user or session is heard (both changes publish one in
 * the transaction that makes them), and used only while that subscription is live. A state loaded
 * from the database while a change commits is written with the generation read before the load,
 * so it cannot outlive the change. When Redis fails, the state is read from PostgreSQL (the durable
 * record: revocation reasons on refresh_tokens, users row). Changes made behind the app's back (SQL
 * by hand) show within AUTH_STATE_CACHE_SECONDS (plus the in-process copy's few seconds).
 */
@Injectable()
export class AuthStateService {
  private readonly logger = new Logger(AuthStateService.name);
  private readonly near = new NearCache<CachedState>({ maxEntries: 100_000, maxBytes: 16 * 1024 * 1024 });
  private listening = false;
  private lastWarning = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly repository: AuthStateRepository,
    private readonly subscription: RedisSubscription,
  ) {}

  /** The channel AuthEvents are published on. */
  get eventsChannel(): string {
    return this.keys.key('auth', 'events');
  }

  async resolve(userId: string, sessionId: string): Promise<SessionAuthState> {
    const stamp = this.nearStamp();
    const near = this.near.get(sessionId);
    if (near && near.u === userId) return this.interpret(near);
    let cached: Array<string | null>;
    try {
      cached = await this.redis.mget(
        this.generationKey(userId),
        this.stateKey(sessionId),
        this.endedKey(sessionId),
      );
    } catch (error) {
      this.warn(`auth state read from PostgreSQL, Redis unavailable: ${(error as Error).message}`);
      return this.interpret(toCached(await this.repository.load(userId, sessionId), 0, userId));
    }
    const [generationText, stateText, ended] = cached;
    const generation = Number(generationText ?? 0);
    if (ended) {
      this.keepNear(sessionId, { g: generation, u: userId, e: 1 }, stamp);
      return { status: 'ended' };
    }
    const state = parseState(stateText);
    if (state && state.g === generation && state.u === userId) {
      this.keepNear(sessionId, state, stamp);
      return this.interpret(state);
    }

    const fresh = toCached(await this.repository.load(userId, sessionId), generation, userId);
    this.keepNear(sessionId, fresh, stamp);
    this.redis
      .set(
        this.stateKey(sessionId),
        JSON.stringify(fresh),
        'PX',
        this.config.auth.authStateCacheSeconds * 1000,
      )
      .catch((error: Error) => this.warn(`auth state not cached: ${error.message}`));
    return this.interpret(fresh);
  }

  /** Whether a session was signed out or ended by reuse detection (for long-lived connections). */
  async isSessionEnded(userId: string, sessionId: string): Promise<boolean> {
    return (await this.resolve(userId, sessionId)).status !== 'active';
  }

  /** Call after committing a change of the user's role, ban or existence. */
  async invalidateUser(userId: string): Promise<void> {
    const key = this.generationKey(userId);
    const event: AuthEvent = { type: 'user-changed', userId };
    try {
      await this.redis
        .multi()
        .incr(key)
        .pexpire(key, GENERATION_TTL_MS)
        .publish(this.eventsChannel, JSON.stringify(event))
        .exec();
      this.near.drop(nearTagsOf(event));
      await this.delivered();
    } catch (error) {
      this.logger.error(
        `auth state of user ${userId} not invalidated (${(error as Error).message}); ` +
          `the change applies within ${this.config.auth.authStateCacheSeconds} s`,
      );
    }
  }

  /** Call after committing the revocation of these sessions (logout, reuse detection). */
  async endSessions(userId: string, sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    // Longer than any access token of the session can live.
    const ttlMs = (this.config.auth.accessTokenTtlSeconds + 60) * 1000;
    const pipeline = this.redis.multi();
    for (const sessionId of new Set(sessionIds)) {
      const event: AuthEvent = { type: 'session-ended', userId, sessionId };
      pipeline.set(this.endedKey(sessionId), '1', 'PX', ttlMs);
      pipeline.publish(this.eventsChannel, JSON.stringify(event));
    }
    try {
      await pipeline.exec();
      this.near.drop([...new Set(sessionIds)].map(sessionTag));
      await this.delivered();
    } catch (error) {
      this.logger.error(
        `sessions of user ${userId} not marked ended (${(error as Error).message}); ` +
          `their access tokens stop within ${this.config.auth.authStateCacheSeconds} s`,
      );
    }
  }

  /** Listens for auth events on first use (a process that never authenticates never subscribes). */
  private nearStamp() {
    if (!this.listening) {
      this.listening = true;
      this.subscription.listen(this.eventsChannel, nearCacheListener(this.near, nearTagsOfMessage));
    }
    return this.near.stamp();
  }

  private keepNear(
    sessionId: string,
    state: CachedState,
    stamp: ReturnType<NearCache<CachedState>['stamp']>,
  ) {
    this.near.set(sessionId, state, [userTag(state.u), sessionTag(sessionId)], NEAR_CACHE_TTL_MS, stamp, 100);
  }

  /**
   * Redis writes what it has for every client before it reads the next command: once this answers,
   * every api process has been sent the event, before our caller can answer anyone.
   */
  private async delivered(): Promise<void> {
    await this.redis.ping();
  }

  private interpret(state: CachedState): SessionAuthState {
    if (state.m) return { status: 'missing' };
    if (state.e) return { status: 'ended' };
    const [reason, until] = state.b ?? [null, null];
    const banned =
      state.b !== undefined &&
      isBanActive({ isBanned: true, bannedUntil: until === null ? null : new Date(until) });
    return { status: 'active', role: state.r ?? 'user', ban: banned ? { reason } : null };
  }

  private generationKey(userId: string): string {
    return this.keys.key('auth', 'gen', userId);
  }

  private stateKey(sessionId: string): string {
    return this.keys.key('auth', 'state', sessionId);
  }

  private endedKey(sessionId: string): string {
    return this.keys.key('auth', 'ended', sessionId);
  }

  private warn(message: string): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }
}

function toCached(stored: StoredAuthState | null, generation: number, userId: string): CachedState {
  if (!stored) return { g: generation, u: userId, m: 1 };
  const state: CachedState = { g: generation, u: userId, r: stored.role };
  if (stored.isBanned) state.b = [stored.bannedReason, stored.bannedUntil?.getTime() ?? null];
  if (stored.sessionEnded) state.e = 1;
  return state;
}

const userTag = (userId: string) => `user:${userId}`;
const sessionTag = (sessionId: string) => `session:${sessionId}`;

function nearTagsOf(event: AuthEvent): string[] {
  return event.type === 'user-changed' ? [userTag(event.userId)] : [sessionTag(event.sessionId)];
}

/** The in-process entries an AuthEvent ends; null (everything) for anything unreadable. */
function nearTagsOfMessage(text: string): string[] | null {
  try {
    const event = JSON.parse(text) as Partial<AuthEvent>;
    if (event.type === 'user-changed' && typeof event.userId === 'string')
      return nearTagsOf(event as AuthEvent);
    if (event.type === 'session-ended' && typeof event.sessionId === 'string')
      return nearTagsOf(event as AuthEvent);
    return null;
  } catch {
    return null;
  }
}

function parseState(text: string | null): CachedState | null {
  if (!text) return null;
  try {
    const state = JSON.parse(text) as CachedState;
    return typeof state.g === 'number' && typeof state.u === 'string' ? state : null;
  } catch {
    return null;
  }
}
