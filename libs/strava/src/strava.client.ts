import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import type { StravaStreams, StravaSummaryActivity } from './strava-activities';
import { StravaRateBudget } from './strava-rate-budget';
import { parseRateLimitHeaders, parseRateLimits, rateLimitedUntil } from './strava-rate-limit';

const TIMEOUT_MS = 15_000;
/** One quick second try for a 5xx or a dropped connection; longer outages are the job's retries. */
const RETRY_PAUSE_MS = 300;

export interface StravaTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  athlete?: { id: number; firstname?: string | null; lastname?: string | null; profile?: string | null };
}

/** A push subscription as Strava lists it. */
export interface StravaPushSubscription {
  id: number;
  callback_url: string;
}

/** Strava answered with an error status (or not at all: status 0). */
export class StravaHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StravaHttpError';
  }
}

/** The application's Strava budget is spent until `until` (epoch ms): try again then. */
export class StravaRateLimited extends Error {
  constructor(readonly until: number) {
    super(`Strava rate limit reached; next request after ${new Date(until).toISOString()}`);
    this.name = 'StravaRateLimited';
  }
}

/**
 * Strava's OAuth and API v3 over fetch: 15 s deadline, one quick retry of 5xx/network failures,
 * and every request drawn from the application's shared rate-limit budget (StravaRateBudget, in
 * Redis, for all processes): once a window is used up (or on 429), no request leaves any process
 * until it resets (StravaRateLimited tells the caller until when).
 */
@Injectable()
export class StravaClient {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly budget: StravaRateBudget,
  ) {}

  exchangeCode(code: string): Promise<StravaTokens> {
    return this.token({ grant_type: 'authorization_code', code });
  }

  refresh(refreshToken: string): Promise<StravaTokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async deauthorize(accessToken: string): Promise<void> {
    await this.request('POST', `${this.config.strava.oauthBaseUrl}/deauthorize`, { accessToken });
  }

  listActivities(
    accessToken: string,
    query: { perPage: number; page: number; after?: number; before?: number },
  ): Promise<StravaSummaryActivity[]> {
    const params = new URLSearchParams({ per_page: String(query.perPage), page: String(query.page) });
    if (query.after !== undefined) params.set('after', String(query.after));
    if (query.before !== undefined) params.set('before', String(query.before));
    return this.request('GET', `${this.config.strava.apiBaseUrl}/athlete/activities?${params}`, {
      accessToken,
    }) as Promise<StravaSummaryActivity[]>;
  }

  getActivity(accessToken: string, id: number): Promise<StravaSummaryActivity> {
    return this.request('GET', `${this.config.strava.apiBaseUrl}/activities/${id}`, {
      accessToken,
    }) as Promise<StravaSummaryActivity>;
  }

  getStreams(accessToken: string, id: number): Promise<StravaStreams> {
    const keys = 'time,latlng,altitude,heartrate,distance';
    return this.request(
      'GET',
      `${this.config.strava.apiBaseUrl}/activities/${id}/streams?keys=${keys}&key_by_type=true`,
      { accessToken },
    ) as Promise<StravaStreams>;
  }

  /** The application's push subscriptions (at most one), by its client credentials. */
  listSubscriptions(): Promise<StravaPushSubscription[]> {
    return this.request(
      'GET',
      `${this.config.strava.apiBaseUrl}/push_subscriptions?${this.appCredentials()}`,
      {},
    ) as Promise<StravaPushSubscription[]>;
  }

  /** Creates the subscription; Strava calls `callbackUrl` back (hub.challenge) before answering. */
  async createSubscription(callbackUrl: string, verifyToken: string): Promise<StravaPushSubscription> {
    const form = this.appCredentials();
    form.set('callback_url', callbackUrl);
    form.set('verify_token', verifyToken);
    const created = (await this.request('POST', `${this.config.strava.apiBaseUrl}/push_subscriptions`, {
      form,
    })) as { id?: unknown; callback_url?: unknown } | null;
    if (typeof created?.id !== 'number') {
      throw new StravaHttpError(502, 'Strava returned an unexpected push subscription response');
    }
    return {
      id: created.id,
      callback_url: typeof created.callback_url === 'string' ? created.callback_url : callbackUrl,
    };
  }

  async deleteSubscription(id: number): Promise<void> {
    await this.request(
      'DELETE',
      `${this.config.strava.apiBaseUrl}/push_subscriptions/${id}?${this.appCredentials()}`,
      {},
    );
  }

  private appCredentials(): URLSearchParams {
    return new URLSearchParams({
      client_id: this.config.strava.clientId ?? '',
      client_secret: this.config.strava.clientSecret ?? '',
    });
  }

  private async token(fields: Record<string, string>): Promise<StravaTokens> {
    const body = this.appCredentials();
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    const raw = (await this.request('POST', `${this.config.strava.oauthBaseUrl}/token`, { form: body })) as {
      access_token?: unknown;
      refresh_token?: unknown;
      expires_at?: unknown;
      athlete?: StravaTokens['athlete'];
    };
    if (
      typeof raw.access_token !== 'string' ||
      typeof raw.refresh_token !== 'string' ||
      typeof raw.expires_at !== 'number'
    ) {
      throw new StravaHttpError(502, 'Strava returned an unexpected token response');
    }
    return {
      accessToken: raw.access_token,
      refreshToken: raw.refresh_token,
      expiresAt: new Date(raw.expires_at * 1000),
      athlete: raw.athlete,
    };
  }

  private async request(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    options: { accessToken?: string; form?: URLSearchParams },
  ): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const waitUntil = await this.budget.acquire();
      if (waitUntil > 0) throw new StravaRateLimited(waitUntil);
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            Accept: 'application/json',
            ...(options.accessToken ? { Authorization: `Bearer ${options.accessToken}` } : {}),
          },
          body: options.form,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        if (attempt === 1) {
          await pause(RETRY_PAUSE_MS);
          continue;
        }
        throw new StravaHttpError(0, `Strava did not answer: ${(error as Error).message}`);
      }
      await this.budget.record(parseRateLimitHeaders(response.headers));
      const text = await response.text();
      if (response.status === 429) {
        const until = rateLimitedUntil(parseRateLimits(response.headers), Date.now(), true)!;
        await this.budget.pauseUntil(until);
        throw new StravaRateLimited(until);
      }
      if (response.status >= 500 && attempt === 1) {
        await pause(RETRY_PAUSE_MS);
        continue;
      }
      if (!response.ok)
        throw new StravaHttpError(
          response.status,
          `Strava answered ${response.status}: ${faultMessage(text)}`,
        );
      try {
        return text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        throw new StravaHttpError(502, 'Strava answered with something other than JSON');
      }
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Strava's fault body `{message, errors: [{resource, field, code}]}`, shortened for logs and users. */
function faultMessage(text: string): string {
  try {
    const body = JSON.parse(text) as {
      message?: unknown;
      errors?: Array<{ resource?: string; field?: string; code?: string }>;
    };
    const details = Array.isArray(body.errors)
      ? body.errors.map((e) => [e.resource, e.field, e.code].filter(Boolean).join(' ')).join('; ')
      : '';
    return (
      [typeof body.message === 'string' ? body.message : '', details].filter(Boolean).join(': ') ||
      'no details'
    );
  } catch {
    return text.slice(0, 120) || 'no details';
  }
}
