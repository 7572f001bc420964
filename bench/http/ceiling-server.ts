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
 *    at most (the adapter is a devDependency for this measurement only);
 *  - `express-store`: the bare Express app that also stores each parsed body, as the request's own
 *    bytes, with one prepared autocommit INSERT into the Postgres the api uses — what durably
 *    keeping a chunk costs at the very least on this machine, where Postgres shares its cores;
 *  - `nest-store`: the same on NestJS with Express (one controller, Nest's JSON body parser, no
 *    middleware, guard, pipe or logger) — the least a stored chunk costs on the api's stack.
 * Started by system.ts with `[kind, jsonLimitBytes, databaseUrl?]`; reports its port over IPC.
 */
import { Controller, Get, HttpCode, Module, Post, Req } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import express from 'express';
import { createServer, type Server } from 'node:http';
import { Pool } from 'pg';
import { STORING_FLOOR_TABLE } from './system';

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

/** The storing floors' table (dropped with the bench database) and the one INSERT each body costs. */
async function chunkStore(databaseUrl: string): Promise<(raw: Buffer) => Promise<unknown>> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${STORING_FLOOR_TABLE} (id bigserial PRIMARY KEY, body bytea NOT NULL)`,
  );
  // As run_chunks.payload where the server has lz4 (see the run-chunks-payload migration).
  await pool
    .query(`ALTER TABLE ${STORING_FLOOR_TABLE} ALTER COLUMN body SET COMPRESSION lz4`)
    .catch(() => undefined);
  return (raw) =>
    pool.query({
      name: 'store',
      text: `INSERT INTO ${STORING_FLOOR_TABLE} (body) VALUES ($1)`,
      values: [raw],
    });
}

/** bareExpress plus one INSERT per body. */
async function expressStoring(limitBytes: number, databaseUrl: string): Promise<Server> {
  const store = await chunkStore(databaseUrl);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: 'application/json', limit: limitBytes }));
  app.post('/{*path}', (req, res, next) => {
    const raw = req.body as Buffer;
    const body = JSON.parse(raw.toString('utf8')) as { sequence?: unknown; chunks?: unknown[] };
    store(raw)
      .then(() =>
        res.status(201).json({ received: body.chunks?.length ?? 1, sequence: body.sequence ?? null }),
      )
      .catch(next);
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

/** The Nest floor with one POST route storing the body as expressStoring does: ingest's floor on our stack. */
async function nestStoring(limitBytes: number, databaseUrl: string): Promise<Server> {
  const store = await chunkStore(databaseUrl);
  @Controller()
  class StoringController {
    @Post('*path')
    @HttpCode(201)
    async chunk(@Req() req: { rawBody: Buffer; body: { sequence?: unknown; chunks?: unknown[] } }) {
      await store(req.rawBody);
      return { received: req.body.chunks?.length ?? 1, sequence: req.body.sequence ?? null };
    }
  }
  @Module({ controllers: [StoringController] })
  class StoringModule {}
  const app = await NestFactory.create<NestExpressApplication>(StoringModule, {
    logger: false,
    rawBody: true,
  });
  app.useBodyParser('json', { limit: limitBytes });
  await app.init();
  return app.getHttpServer() as Server;
}

async function bareNest(adapter: 'express' | 'fastify'): Promise<Server> {
  const app =
    adapter === 'fastify'
      ? await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(FloorModule, { logger: false, bodyParser: false });
  await app.init();
  if (adapter === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<void> }).ready();
  return app.getHttpServer() as Server;
}

async function serverOf(kind: string, limitBytes: number, databaseUrl: string): Promise<Server> {
  switch (kind) {
    case 'express':
      return bareExpress(limitBytes);
    case 'express-store':
      return expressStoring(limitBytes, databaseUrl);
    case 'nest-store':
      return nestStoring(limitBytes, databaseUrl);
    case 'nest':
      return bareNest('express');
    case 'nest-fastify':
      return bareNest('fastify');
    default:
      return bareNode();
  }
}

async function start(): Promise<void> {
  const [kind, limit, databaseUrl] = process.argv.slice(2);
  const server = await serverOf(kind, Number(limit) || 8 * 1024 * 1024, databaseUrl);
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
