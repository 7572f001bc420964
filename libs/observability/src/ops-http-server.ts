import { Logger } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route of the ops server answers: a status and a JSON body, or text (Prometheus). */
export type OpsAnswer =
  { status: number; json: unknown } | { status: number; text: string; contentType: string };

export type OpsRoutes = Record<string, () => OpsAnswer | Promise<OpsAnswer>>;

/**
 * A small HTTP server beside a process's main work (the worker has no HTTP server of its own):
 * GET routes only, for probes and scrapers on a private port.
 */
export class OpsHttpServer {
  private readonly logger = new Logger(OpsHttpServer.name);
  private server?: Server;

  constructor(private readonly routes: OpsRoutes) {}

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((request, response) => void this.answer(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  address(): AddressInfo | null {
    return (this.server?.address() as AddressInfo | null) ?? null;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    const route = this.routes[path];
    if (request.method !== 'GET' || !route) {
      send(response, { status: 404, json: { detail: 'Not Found' } });
      return;
    }
    try {
      send(response, await route());
    } catch (error) {
      this.logger.error(`${path}: ${(error as Error).message}`);
      send(response, { status: 500, json: { detail: 'Internal Server Error' } });
    }
  }
}

function send(response: ServerResponse, answer: OpsAnswer): void {
  if ('json' in answer) {
    response.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(answer.json));
  } else {
    response.writeHead(answer.status, { 'Content-Type': answer.contentType });
    response.end(answer.text);
  }
}
