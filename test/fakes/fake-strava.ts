import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { bearerOf, FakeHttpServer, sendJson } from './fake-http-server';

export interface FakeStravaActivity {
  id: number;
  name: string;
  sport_type: string;
  start_date: string;
  distance: number;
  moving_time?: number;
  elapsed_time?: number;
  total_elevation_gain?: number;
  manual?: boolean;
  private?: boolean;
  /** key_by_type streams; absent → 404 (manual activity) */
  streams?: Record<string, { data: unknown[] }>;
}

interface Athlete {
  id: number;
  firstname: string;
  lastname: string;
  profile: string;
  activities: FakeStravaActivity[];
}

interface Failure {
  prefix: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const FAULT_401 = {
  message: 'Authorization Error',
  errors: [{ resource: 'Athlete', field: 'access_token', code: 'invalid' }],
};

/**
 * Strava's OAuth and API v3 as external-apis.md §1 records them: form-encoded token endpoint
 * (code and refresh grants, rotating refresh tokens, `athlete` only on the code exchange),
 * deauthorize, athlete activities (page/per_page), activity, key_by_type streams, Fault bodies,
 * rate-limit headers on every answer. `failNext` makes the next matching request fail (401, 429,
 * 5xx…); `expireAccessTokens` revokes every issued access token (Strava's 401 path).
 */
export class FakeStrava {
  readonly server: FakeHttpServer;
  readonly codes = new Map<string, number>();
  readonly athletes = new Map<number, Athlete>();
  readonly deauthorized: string[] = [];
  readonly refreshGrants: string[] = [];
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();
  private readonly failures: Failure[] = [];
  /** The application's push subscription (at most one, like Strava's). */
  subscription: { id: number; callbackUrl: string } | null = null;
  private nextSubscriptionId = 120475;
  rateLimitUsage = '8,151';
  /**
   * When set, Strava's budget is enforced like the real one: every OAuth/API request counts, the
   * headers report the true usage, and a request past the 15-minute limit gets 429 (`refused`).
   */
  budget: { shortLimit: number; dailyLimit: number; used: number; refused: number } | null = null;
  tokenLifetimeSeconds = 21_600;

  constructor() {
    this.server = new FakeHttpServer((req, res, body) => this.handle(req, res, body));
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get oauthBaseUrl(): string {
    return `${this.server.url}/oauth`;
  }

  get apiBaseUrl(): string {
    return `${this.server.url}/api/v3`;
  }

  addAthlete(id: number, code: string, activities: FakeStravaActivity[] = []): Athlete {
    const athlete = {
      id,
      firstname: 'Daniel',
      lastname: 'Block',
      profile: `https://strava.test/${id}.jpg`,
      activities,
    };
    this.athletes.set(id, athlete);
    this.codes.set(code, id);
    return athlete;
  }

  failNext(prefix: string, status: number, body?: unknown, headers?: Record<string, string>): void {
    this.failures.push({ prefix, status, body, headers });
  }

  /** The athlete revokes our access on Strava's side: every token of theirs dies. */
  revokeAthlete(athleteId: number): void {
    for (const [t, id] of this.access) if (id === athleteId) this.access.delete(t);
    for (const [t, id] of this.refresh) if (id === athleteId) this.refresh.delete(t);
  }

  /** What Strava does on a change: POSTs the event to the subscription's callback with its id. */
  async push(event: {
    object_type: 'activity' | 'athlete';
    object_id: number;
    aspect_type: 'create' | 'update' | 'delete';
    owner_id: number;
    updates?: Record<string, string>;
  }): Promise<number> {
    if (!this.subscription) throw new Error('fake Strava: no push subscription');
    const response = await fetch(this.subscription.callbackUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        updates: {},
        ...event,
        subscription_id: this.subscription.id,
        event_time: Math.floor(Date.now() / 1000),
      }),
    });
    await response.text();
    return response.status;
  }

  expireAccessTokens(): void {
    this.access.clear();
  }

  requests(prefix: string): number {
    return this.server.count(prefix);
  }

  private headers(): Record<string, string> {
    if (this.budget) {
      const limit = `${this.budget.shortLimit},${this.budget.dailyLimit}`;
      const usage = `${this.budget.used},${this.budget.used}`;
      return {
        'X-Ratelimit-Limit': limit,
        'X-Ratelimit-Usage': usage,
        'X-Readratelimit-Limit': limit,
        'X-Readratelimit-Usage': usage,
      };
    }
    return {
      'X-Ratelimit-Limit': '200,2000',
      'X-Ratelimit-Usage': this.rateLimitUsage,
      'X-Readratelimit-Limit': '100,1000',
      'X-Readratelimit-Usage': this.rateLimitUsage,
    };
  }

  private issue(athleteId: number): { access_token: string; refresh_token: string; expires_at: number } {
    const access_token = randomBytes(20).toString('hex');
    const refresh_token = randomBytes(20).toString('hex');
    this.access.set(access_token, athleteId);
    this.refresh.set(refresh_token, athleteId);
    return {
      access_token,
      refresh_token,
      expires_at: Math.floor(Date.now() / 1000) + this.tokenLifetimeSeconds,
    };
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: Buffer): void | Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (this.budget && !path.startsWith('/api/v3/push_subscriptions')) {
      this.budget.used++;
      if (this.budget.used > this.budget.shortLimit) {
        this.budget.refused++;
        return sendJson(
          res,
          429,
          {
            message: 'Rate Limit Exceeded',
            errors: [{ resource: 'Application', field: 'rate limit', code: 'exceeded' }],
          },
          this.headers(),
        );
      }
    }
    // A prefix with a query matches the whole request target (path and query).
    const failure = this.failures.findIndex((f) =>
      (f.prefix.includes('?') ? (req.url ?? '') : path).startsWith(f.prefix),
    );
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      if (f.status >= 500 && f.body === undefined) {
        res.writeHead(f.status, { 'Content-Type': 'text/html', ...this.headers(), ...f.headers });
        res.end('<html><body>Server Error</body></html>');
        return;
      }
      sendJson(res, f.status, f.body ?? FAULT_401, { ...this.headers(), ...f.headers });
      return;
    }
    const send = (status: number, body: unknown) => sendJson(res, status, body, this.headers());

    if (req.method === 'POST' && path === '/oauth/token') {
      const form = new URLSearchParams(raw.toString('utf8'));
      if (
        form.get('client_id') !== 'runvs-test-client' ||
        form.get('client_secret') !== 'runvs-test-secret'
      ) {
        return send(400, {
          message: 'Bad Request',
          errors: [{ resource: 'Application', field: 'client_id', code: 'invalid' }],
        });
      }
      if (form.get('grant_type') === 'authorization_code') {
        const athleteId = this.codes.get(form.get('code') ?? '');
        if (athleteId === undefined) {
          return send(400, {
            message: 'Bad Request',
            errors: [{ resource: 'RequestToken', field: 'code', code: 'invalid' }],
          });
        }
        this.codes.delete(form.get('code')!);
        const a = this.athletes.get(athleteId)!;
        return send(200, {
          token_type: 'Bearer',
          expires_in: this.tokenLifetimeSeconds,
          ...this.issue(athleteId),
          athlete: {
            id: a.id,
            firstname: a.firstname,
            lastname: a.lastname,
            profile: a.profile,
            resource_state: 2,
          },
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const given = form.get('refresh_token') ?? '';
        const athleteId = this.refresh.get(given);
        if (athleteId === undefined) {
          return send(400, {
            message: 'Bad Request',
            errors: [{ resource: 'RefreshToken', field: 'refresh_token', code: 'invalid' }],
          });
        }
        this.refresh.delete(given); // rotated: the old one is dead
        this.refreshGrants.push(given);
        return send(200, {
          token_type: 'Bearer',
          expires_in: this.tokenLifetimeSeconds,
          ...this.issue(athleteId),
        });
      }
      return send(400, {
        message: 'Bad Request',
        errors: [{ resource: 'Application', field: 'grant_type', code: 'invalid' }],
      });
    }

    if (path.startsWith('/api/v3/push_subscriptions')) return this.pushSubscriptions(req, res, url, raw);

    const token = bearerOf(req);
    const athleteId = token ? this.access.get(token) : undefined;
    if (req.method === 'POST' && path === '/oauth/deauthorize') {
      if (athleteId === undefined) return send(401, FAULT_401);
      this.deauthorized.push(token!);
      for (const [t, id] of this.access) if (id === athleteId) this.access.delete(t);
      for (const [t, id] of this.refresh) if (id === athleteId) this.refresh.delete(t);
      return send(200, { access_token: token });
    }
    if (athleteId === undefined) return send(401, FAULT_401);
    const athlete = this.athletes.get(athleteId)!;

    if (req.method === 'GET' && path === '/api/v3/athlete/activities') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const after = url.searchParams.get('after');
      const before = url.searchParams.get('before');
      const startOf = (a: FakeStravaActivity) => Date.parse(a.start_date) / 1000;
      const sorted = athlete.activities
        .filter(
          (a) =>
            (after === null || startOf(a) > Number(after)) &&
            (before === null || startOf(a) < Number(before)),
        )
        .sort((a, b) => b.start_date.localeCompare(a.start_date));
      return send(
        200,
        sorted.slice((page - 1) * perPage, page * perPage).map(({ streams: _streams, ...summary }) => ({
          resource_state: 2,
          athlete: { id: athlete.id, resource_state: 1 },
          type: summary.sport_type,
          ...summary,
        })),
      );
    }
    const activityMatch = /^\/api\/v3\/activities\/(\d+)(\/streams)?$/.exec(path);
    if (req.method === 'GET' && activityMatch) {
      const activity = athlete.activities.find((a) => a.id === Number(activityMatch[1]));
      const notFound = {
        message: 'Resource Not Found',
        errors: [{ resource: 'Activity', field: 'id', code: 'invalid' }],
      };
      if (!activity) return send(404, notFound);
      if (activityMatch[2]) {
        if (!activity.streams) return send(404, notFound);
        return send(200, activity.streams);
      }
      const { streams: _streams, ...summary } = activity;
      return send(200, {
        resource_state: 3,
        type: summary.sport_type,
        device_name: 'Garmin Forerunner 945',
        ...summary,
      });
    }
    return send(404, { message: 'Resource Not Found', errors: [] });
  }

  /** §1.8: create (after the hub.challenge handshake with the callback), view, delete. */
  private async pushSubscriptions(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    raw: Buffer,
  ): Promise<void> {
    const send = (status: number, body: unknown) => sendJson(res, status, body, this.headers());
    const params = req.method === 'POST' ? new URLSearchParams(raw.toString('utf8')) : url.searchParams;
    if (
      params.get('client_id') !== 'runvs-test-client' ||
      params.get('client_secret') !== 'runvs-test-secret'
    ) {
      return send(401, {
        message: 'Authorization Error',
        errors: [{ resource: 'Application', field: '', code: 'invalid' }],
      });
    }
    const fault = (field: string, code: string) =>
      send(400, { message: 'Bad Request', errors: [{ resource: 'PushSubscription', field, code }] });
    if (req.method === 'GET' && url.pathname === '/api/v3/push_subscriptions') {
      const s = this.subscription;
      return send(
        200,
        s ? [{ id: s.id, resource_state: 2, application_id: 24523, callback_url: s.callbackUrl }] : [],
      );
    }
    const deleteMatch = /^\/api\/v3\/push_subscriptions\/(\d+)$/.exec(url.pathname);
    if (req.method === 'DELETE' && deleteMatch) {
      if (this.subscription?.id !== Number(deleteMatch[1]))
        return send(404, { message: 'Resource Not Found', errors: [] });
      this.subscription = null;
      res.writeHead(204, this.headers());
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/v3/push_subscriptions') {
      if (this.subscription) return fault('', 'already exists');
      const callbackUrl = params.get('callback_url') ?? '';
      const challenge = randomBytes(16).toString('hex');
      const check = new URL(callbackUrl);
      check.searchParams.set('hub.mode', 'subscribe');
      check.searchParams.set('hub.challenge', challenge);
      check.searchParams.set('hub.verify_token', params.get('verify_token') ?? '');
      let echoed: unknown;
      try {
        const answer = await fetch(check, { signal: AbortSignal.timeout(2_000) });
        echoed = answer.ok ? ((await answer.json()) as Record<string, unknown>)['hub.challenge'] : undefined;
      } catch {
        echoed = undefined;
      }
      if (echoed !== challenge) return fault('callback url', 'GET to callback URL does not return 200');
      this.subscription = { id: this.nextSubscriptionId++, callbackUrl };
      return send(201, {
        id: this.subscription.id,
        resource_state: 2,
        application_id: 24523,
        callback_url: callbackUrl,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      });
    }
    return send(404, { message: 'Resource Not Found', errors: [] });
  }
}
