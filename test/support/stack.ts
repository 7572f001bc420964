import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FakeFcm } from '../fakes/fake-fcm';
import { startApi, startWorker } from './apps';
import { testConfig } from './test-config';
import { typedApi } from './typed-api';

/** The api (and the worker, and a fake FCM) of one e2e file, on its own database. */
export interface TestStack {
  config: AppConfig;
  api: INestApplication;
  /** present when started with `worker: true` */
  worker: INestApplicationContext;
  dataSource: DataSource;
  /** present when started with `fcm: true`: pushes land here */
  fcm: FakeFcm;
  close(): Promise<void>;
}

/**
 * Boots what an e2e file needs in `beforeAll`: the api, optionally the worker and a fake FCM
 * (pushes are then really sent and recorded), with env overrides. `close()` in `afterAll`.
 */
export async function startStack(
  options: { worker?: boolean; fcm?: boolean; env?: Record<string, string> } = {},
): Promise<TestStack> {
  const fcm = options.fcm ? await new FakeFcm().start() : undefined;
  const config = testConfig({ ...(fcm?.env() ?? {}), ...(options.env ?? {}) });
  const api = await startApi(config);
  const worker = options.worker ? await startWorker(config) : undefined;
  return {
    config,
    api,
    worker: worker as INestApplicationContext,
    dataSource: api.get(DataSource),
    fcm: fcm as FakeFcm,
    close: async () => {
      await worker?.close();
      await api.close();
      await fcm?.stop();
    },
  };
}

/**
 * Requests under /api/v1 as a user (`authorization` = the Authorization header value), or anonymous:
 * `api` is typed by the OpenAPI document (journeys use it); the raw methods remain for requests the
 * document cannot describe (malformed paths and bodies).
 */
export function asUser(app: INestApplication, authorization?: string) {
  const call = (method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string) => {
    const test = request(app.getHttpServer())[method](`/api/v1${path}`);
    return authorization ? test.set('Authorization', authorization) : test;
  };
  return {
    get: (path: string) => call('get', path),
    post: (path: string, body?: object) =>
      body === undefined ? call('post', path) : call('post', path).send(body),
    patch: (path: string, body?: unknown) =>
      body === undefined ? call('patch', path) : call('patch', path).send(body as object),
    put: (path: string, body?: object) =>
      body === undefined ? call('put', path) : call('put', path).send(body),
    delete: (path: string, body?: object) =>
      body === undefined ? call('delete', path) : call('delete', path).send(body),
    api: typedApi(app, authorization),
  };
}

/** The runners on a course's board, best first (their user ids), as an anonymous caller sees it. */
export async function boardUserIds(app: INestApplication, courseId: string): Promise<string[]> {
  const response = await request(app.getHttpServer()).get(`/api/v1/courses/${courseId}/rankings`);
  return (response.body.data as Array<{ user: { id: string } }>).map((entry) => entry.user.id);
}
