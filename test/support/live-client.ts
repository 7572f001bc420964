import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

export interface LiveMessageOf {
  type: string;
  data: Record<string, unknown>;
}

/**
 * A real WebSocket client of the api's live socket that records every message and the close, so a
 * test can wait for a message of a type (or the close) without racing the server.
 */
export class LiveClient {
  readonly messages: LiveMessageOf[] = [];
  closeCode: number | null = null;
  closeReason = '';
  private readonly waiters: Array<() => void> = [];
  readonly opened: Promise<void>;

  constructor(readonly socket: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (raw) => {
      this.messages.push(JSON.parse(raw.toString()) as LiveMessageOf);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.wake();
    });
    socket.on('error', () => this.wake());
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message of `type` (matching `where`) received so far or from now on. */
  async next(
    type: string,
    where: (data: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 15_000,
  ) {
    return this.until(
      () => this.messages.find((m) => m.type === type && where(m.data)),
      `a "${type}" message`,
      timeoutMs,
    );
  }

  /** Resolves with the close code once the server closed the socket. */
  async closed(timeoutMs = 15_000): Promise<number> {
    return this.until(() => this.closeCode ?? undefined, 'the socket to close', timeoutMs);
  }

  close(): void {
    if (this.socket.readyState <= WebSocket.OPEN) this.socket.close();
  }

  private async until<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${what}; got ${JSON.stringify(this.messages)} close=${this.closeCode}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

/** The api listening on an ephemeral port (sockets need a real port); returns its ws:// base. */
export async function listenOnEphemeralPort(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `ws://127.0.0.1:${port}`;
}

/** Opens a live socket at `base` + `path` (default `/ws`), optionally with `?token=`. */
export async function openLiveSocket(
  base: string,
  { token, path = '/ws' }: { token?: string; path?: string } = {},
) {
  const url = token === undefined ? `${base}${path}` : `${base}${path}?token=${encodeURIComponent(token)}`;
  const client = new LiveClient(new WebSocket(url));
  await client.opened;
  return client;
}
