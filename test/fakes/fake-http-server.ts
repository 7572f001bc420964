import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

/** What every fake provider can be told to do instead of answering normally. */
export type FakeOutage =
  { kind: 'none' } | { kind: 'status'; status: number; body?: unknown } | { kind: 'slow'; delayMs: number };

/**
 * A real HTTP server on 127.0.0.1 and a random port, for one fake provider. Requests are logged
 * (method, path, headers) so tests can see what our code sent; `outage` makes every request fail
 * the way a real provider does (5xx, or no answer for a while).
 */
export class FakeHttpServer {
  readonly requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }> = [];
  outage: FakeOutage = { kind: 'none' };
  private server: Server | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  url = '';

  constructor(private readonly handler: FakeHandler) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
        void this.dispatch(req, res, Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests whose path starts with `prefix`. */
  count(prefix: string): number {
    return this.requests.filter((request) => request.path.startsWith(prefix)).length;
  }

  reset(): void {
    this.outage = { kind: 'none' };
    this.requests.length = 0;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const outage = this.outage;
    if (outage.kind === 'status') {
      sendJson(res, outage.status, outage.body ?? { error: 'fake outage' });
      return;
    }
    if (outage.kind === 'slow') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, outage.delayMs);
        this.timers.add(timer);
      });
      if (res.destroyed) return;
    }
    try {
      await this.handler(req, res, body);
    } catch (error) {
      sendJson(res, 500, { error: (error as Error).message });
    }
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

export function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}
