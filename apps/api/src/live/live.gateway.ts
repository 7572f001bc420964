import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { InboxService } from '@runvs/notifications';
import WebSocket, { WebSocketServer } from 'ws';
import { LIVE_CLOSE, LiveAuthenticator, LiveAuthFailure } from './live-auth';
import { LiveHub } from './live-hub';

/** Where the socket answers: `/ws` (the app's path) and `/api/v1/ws` (beside the REST routes). */
export const LIVE_PATHS = ['/ws', '/api/v1/ws'];

/** Client messages are tiny (`auth`, `ping`); anything bigger is refused by ws with 1009. */
const MAX_CLIENT_MESSAGE_BYTES = 8 * 1024;

/**
 * The live socket: a plain WebSocket on the api's HTTP server (what React Native's `WebSocket`
 * speaks). Authentication: `?token=<access token>` on the URL, or a first message
 * `{"type":"auth","token":"…"}` within LIVE_AUTH_TIMEOUT_SECONDS; a later `auth` message with a
 * fresh token of the same user extends the socket past the first token's expiry. The server
 * answers `{"type":"ready","data":{user_id, unread_count, expires_at}}` and then pushes events as
 * `{type, data}`; `{"type":"ping"}` is answered with `{"type":"pong"}`. Close codes: 4001 invalid
 * token, 4002 token expired (refresh and reconnect), 4003 banned / deleted / session revoked.
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  private httpServer?: Server;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    this.upgrade(request, socket, head);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly hub: LiveHub,
    private readonly auth: LiveAuthenticator,
    private readonly inbox: InboxService,
  ) {}

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.onUpgrade);
  }

  onApplicationShutdown(): void {
    this.httpServer?.off('upgrade', this.onUpgrade);
    this.server.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!LIVE_PATHS.includes(url.pathname.replace(/\/+$/, ''))) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, url.searchParams.get('token')));
  }

  private accept(socket: WebSocket, urlToken: string | null): void {
    socket.on('error', (error) => this.logger.debug(`live socket: ${error.message}`));
    // Until authenticated, a socket gets LIVE_AUTH_TIMEOUT_SECONDS to send its token.
    const authDeadline = setTimeout(() => {
      if (!this.hub.userOf(socket))
        socket.close(LIVE_CLOSE.invalidToken.code, LIVE_CLOSE.invalidToken.reason);
    }, this.config.live.authTimeoutSeconds * 1000);
    authDeadline.unref();
    socket.on('close', () => clearTimeout(authDeadline));
    // Messages are handled one at a time so an `auth` finishes before whatever follows it.
    let queue = Promise.resolve();
    socket.on('message', (raw, isBinary) => {
      queue = queue.then(() => this.onMessage(socket, isBinary ? null : raw.toString()));
    });
    if (urlToken !== null) queue = queue.then(() => this.authenticate(socket, urlToken));
  }

  private async onMessage(socket: WebSocket, text: string | null): Promise<void> {
    const message = parseClientMessage(text);
    if (message?.type === 'auth') return this.authenticate(socket, message.token);
    if (!this.hub.userOf(socket)) {
      // The first message must be the token.
      socket.close(LIVE_CLOSE.invalidToken.code, LIVE_CLOSE.invalidToken.reason);
      return;
    }
    if (message?.type === 'ping') return send(socket, { type: 'pong', data: {} });
    send(socket, {
      type: 'error',
      data: { code: 'INVALID_MESSAGE', message: 'Send {"type":"auth","token":"…"} or {"type":"ping"}.' },
    });
  }

  private async authenticate(socket: WebSocket, token: unknown): Promise<void> {
    if (socket.readyState !== WebSocket.OPEN) return;
    try {
      const identity = await this.auth.authenticate(token);
      const current = this.hub.userOf(socket);
      if (current !== undefined && current !== identity.userId) {
        throw new LiveAuthFailure(LIVE_CLOSE.invalidToken);
      }
      if (socket.readyState !== WebSocket.OPEN) return;
      this.hub.register(socket, identity);
      const { count } = await this.inbox.unreadCount(identity.userId);
      send(socket, {
        type: 'ready',
        data: {
          user_id: identity.userId,
          unread_count: count,
          expires_at: new Date(identity.expiresAt).toISOString(),
        },
      });
    } catch (error) {
      if (!(error instanceof LiveAuthFailure)) {
        this.logger.warn(`live authentication failed: ${(error as Error).message}`);
        socket.close(1011, 'server_error');
        return;
      }
      socket.close(error.close.code, error.close.reason);
    }
  }
}

type ClientMessage = { type: 'auth'; token: unknown } | { type: 'ping' } | { type: 'other' };

/** `{"type":"auth","token":"…"}` (or `data.token`), `{"type":"ping"}`; null when not JSON. */
export function parseClientMessage(text: string | null): ClientMessage | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { type, token, data } = value as { type?: unknown; token?: unknown; data?: { token?: unknown } };
  if (type === 'auth') return { type: 'auth', token: token ?? data?.token };
  if (type === 'ping') return { type: 'ping' };
  return { type: 'other' };
}

function send(socket: WebSocket, message: { type: string; data: Record<string, unknown> }): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}
