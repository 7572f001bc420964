import { DomainError, type ErrorCode } from '@runvs/common';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { callProvider, isRecord } from './provider-http';

export interface JwksCacheOptions {
  /** Where the key set is published. */
  url: string;
  /** "Apple", "Google": used in messages. */
  label: string;
  timeoutMs: number;
  /** Least time between two fetches forced by an unknown `kid`. */
  refetchCooldownMs: number;
  /** The code when no usable key set can be had (default: the transport's own 502/503). */
  fetchFailureCode?: ErrorCode;
  /** Clock, for tests. */
  now?: () => number;
}

/** Lifetime of a key set whose response has no usable Cache-Control max-age. */
export const DEFAULT_JWKS_TTL_MS = 60 * 60 * 1000;
const MIN_JWKS_TTL_MS = 60 * 1000;
const MAX_JWKS_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A provider's RS256 signing keys, fetched from its JWKS URL and kept for the response's
 * `Cache-Control: max-age` (1 h by default, clamped to 1 min–24 h). A token signed with a key id
 * we do not know triggers one refetch (key rotation), at most once per cooldown, so forged key ids
 * cannot turn us into a request flood. Concurrent callers share one fetch. When a refresh fails,
 * keys already held keep being used (a provider blip must not log everybody out).
 */
export class JwksCache {
  private keys = new Map<string, KeyObject>();
  private expiresAt = 0;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: JwksCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The key for `kid`, or null when the provider does not publish it (even after a refetch). */
  async getKey(kid: string): Promise<KeyObject | null> {
    const fresh = this.now() < this.expiresAt;
    const known = this.keys.get(kid);
    if (known && fresh) return known;
    const mayRefetch = !fresh || this.now() - this.lastFetchAt >= this.options.refetchCooldownMs;
    if (mayRefetch) {
      try {
        await this.refresh();
      } catch (error) {
        // Keep serving what we have; with nothing at all, the caller must learn the provider failed.
        if (this.keys.size === 0) throw error;
      }
    }
    return this.keys.get(kid) ?? null;
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    const { url, label, timeoutMs, fetchFailureCode } = this.options;
    this.lastFetchAt = this.now();
    const fail = (message: string, cause?: DomainError): never => {
      throw new DomainError(fetchFailureCode ?? cause?.code ?? 'PROVIDER_ERROR', message, {
        provider: label.toLowerCase(),
      });
    };
    let response;
    try {
      response = await callProvider(`${label} key service`, url, { method: 'GET' }, timeoutMs);
    } catch (error) {
      if (error instanceof DomainError) return fail(error.message, error);
      throw error;
    }
    if (response.status !== 200 || !isRecord(response.body) || !Array.isArray(response.body.keys)) {
      return fail(`${label}'s signing keys could not be read (HTTP ${response.status}).`);
    }
    const keys = new Map<string, KeyObject>();
    for (const jwk of response.body.keys) {
      const imported = importRs256Key(jwk);
      if (imported) keys.set(imported.kid, imported.key);
    }
    if (keys.size === 0) return fail(`${label} published no usable RS256 signing key.`);
    this.keys = keys;
    this.expiresAt = this.now() + ttlFromCacheControl(response.headers.get('cache-control'));
  }
}

/** An RSA signature key from a JWK, or null for anything else (other types, encryption keys). */
export function importRs256Key(jwk: unknown): { kid: string; key: KeyObject } | null {
  if (!isRecord(jwk) || jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || jwk.kid === '') return null;
  if (jwk.use !== undefined && jwk.use !== 'sig') return null;
  if (jwk.alg !== undefined && jwk.alg !== 'RS256') return null;
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return null;
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' });
    return { kid: jwk.kid, key };
  } catch {
    return null;
  }
}

export function ttlFromCacheControl(header: string | null): number {
  const match = header ? /(?:^|,)\s*max-age\s*=\s*(\d+)/i.exec(header) : null;
  if (!match) return DEFAULT_JWKS_TTL_MS;
  return Math.min(MAX_JWKS_TTL_MS, Math.max(MIN_JWKS_TTL_MS, Number(match[1]) * 1000));
}
