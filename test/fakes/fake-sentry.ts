import { gunzipSync } from 'node:zlib';
import { HttpFake, type RecordedRequest } from './http-fake';

/** One event as the SDK sent it (the parts the tests read). */
export interface SentryEvent {
  event_id: string;
  release?: string;
  environment?: string;
  tags?: Record<string, string>;
  user?: Record<string, unknown>;
  request?: Record<string, unknown>;
  exception?: { values?: Array<{ type?: string; value?: string }> };
  [key: string]: unknown;
}

/**
 * A Sentry ingest endpoint on 127.0.0.1: accepts envelopes at /api/<project>/envelope/ and keeps
 * their events. `dsn` is what SENTRY_DSN should be.
 */
export class FakeSentry {
  private readonly http = new HttpFake((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end('{}');
  });

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }

  get dsn(): string {
    return `${this.http.baseUrl.replace('http://', 'http://publickey@')}/42`;
  }

  /** Every envelope body received, decompressed, as text (to check what never leaves). */
  envelopes(): string[] {
    return this.http.requests.filter((request) => request.path === '/api/42/envelope/').map(envelopeText);
  }

  /** The events (items of type `event`) received so far. */
  events(): SentryEvent[] {
    const events: SentryEvent[] = [];
    for (const text of this.envelopes()) {
      const lines = text.split('\n').filter(Boolean);
      // Envelope header, then (item header, item payload) pairs.
      for (let i = 1; i + 1 < lines.length; i += 2) {
        const header = JSON.parse(lines[i]) as { type?: string };
        if (header.type === 'event') events.push(JSON.parse(lines[i + 1]) as SentryEvent);
      }
    }
    return events;
  }
}

function envelopeText(request: RecordedRequest): string {
  const gzipped = request.headers['content-encoding'] === 'gzip';
  return (gzipped ? gunzipSync(request.raw) : request.raw).toString('utf8');
}
