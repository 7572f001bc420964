/**
 * The ceilings the HTTP benchmarks divide by, each in its own process like the api:
 *  - `express`: a bare Express 5 app that only parses the JSON body with the api's parser and limit
 *    and answers 201 with a small JSON — what chunk ingest costs before any of our code runs;
 *  - `node`: a bare node:http server answering every request with a fixed JSON of about the size of
 *    a profile — what a hot read costs at the very least;
 *  - `nest`: NestJS 11 on Express with one controller answering that JSON, and nothing else (no
 *    middleware, guard, pipe, logger) — the floor of the framework the api is built on, so a hot
 *    read's figure can be split into the framework's share and ours;
 *  - `nest-fastify`: the same app on Nest's Fastify adapter — what moving the api to it could buy
 *    at most (the adapter is a devDependency for this measurement only).
 * Started by system.ts with `[kind, jsonLimitBytes]`; reports its port over IPC.
 */
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import express from 'express';
import { createServer, type Server } from 'node:http';

const PROFILE_LIKE = JSON.stringify({
  id: '00000000-0000-4000-8000-000000000000',
  user_code: 'ABCDEFGH',
  email: 'runner@example.com',
  nickname: 'runner',
  avatar_url: null,
  bio: 'bench',
  time_zone: 'Asia/Seoul',
  total_distance_meters: 123456.7,
  total_runs: 42,
  total_points: 1234,
  created_at: new Date(0).toISOString(),
});

function bareExpress(limitBytes: number): Server {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: limitBytes, strict: true }));
  app.post('/{*path}', (req, res) => {
    const body = req.body as { sequence?: unknown; chunks?: unknown[] };
    res.status(201).json({ received: body.chunks?.length ?? 1, sequence: body.sequence ?? null });
  });
  app.get('/{*path}', (_req, res) => {
    res.type('application/json').send(PROFILE_LIKE);
  });
  return createServer(app);
}

function bareNode(): Server {
  const payload = Buffer.from(PROFILE_LIKE);
  return createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
      res.end(payload);
    });
  });
}

const PROFILE_OBJECT = JSON.parse(PROFILE_LIKE) as Record<string, unknown>;

/** The hot-reads bench's first path, /api/v1/users/me, as a route of its own (the same on both adapters). */
@Controller('api/v1/users')
class FloorController {
  @Get('me')
  profile(): Record<string, unknown> {
    return PROFILE_OBJECT;
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function bareNest(adapter: 'express' | 'fastify'): Promise<Server> {
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(FloorModule, { logger: false, bodyParser: false });
  await app.init();
  if (adapter === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<void> }).ready();
  return app.getHttpServer() as Server;
}

async function start(): Promise<void> {
  const [kind, limit] = process.argv.slice(2);
  const server =
    kind === 'express'
      ? bareExpress(Number(limit) || 8 * 1024 * 1024)
      : kind === 'nest' || kind === 'nest-fastify'
        ? await bareNest(kind === 'nest' ? 'express' : 'fastify')
        : bareNode();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as { port: number }).port });
  });
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

void start();
