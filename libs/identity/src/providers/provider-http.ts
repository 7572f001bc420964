import { DomainError } from '@runvs/common';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or null when the body was empty or not JSON. */
  body: unknown;
}

/**
 * One HTTP call to an identity provider, bounded by `timeoutMs` (connect, headers and body).
 * The provider failing is never the caller's fault and never a 500:
 * - no answer in time, connection refused/reset, DNS failure, or an HTTP 503 → 503 PROVIDER_UNAVAILABLE;
 * - any other 5xx → 502 PROVIDER_ERROR.
 * Every other status is returned for the caller to judge (401/400 → the provider's AUTH_FAILED).
 */
export async function callProvider(
  providerLabel: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<ProviderResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    text = await response.text();
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
    throw new DomainError(
      'PROVIDER_UNAVAILABLE',
      timedOut
        ? `${providerLabel} did not answer within ${timeoutMs} ms; try again shortly.`
        : `${providerLabel} could not be reached; try again shortly.`,
      { provider: providerLabel.toLowerCase() },
    );
  }
  if (response.status === 503) {
    throw new DomainError(
      'PROVIDER_UNAVAILABLE',
      `${providerLabel} is unavailable (HTTP 503); try again shortly.`,
      {
        provider: providerLabel.toLowerCase(),
      },
    );
  }
  if (response.status >= 500) {
    throw new DomainError('PROVIDER_ERROR', `${providerLabel} failed (HTTP ${response.status}).`, {
      provider: providerLabel.toLowerCase(),
      upstream_status: response.status,
    });
  }
  return { status: response.status, headers: response.headers, body: parseJson(text) };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
