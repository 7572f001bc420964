import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { RunPipelineService } from '@runvs/runs';
import { randomUUID } from 'node:crypto';
import { createOpenApiDocument } from '../../apps/api/src/api-app';
import { operationsOf } from '../support/openapi-operations';
import {
  createCourse,
  createRun,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/** Every read and action on one course, as [method, path, body]; `:id` is the course. */
const COURSE_ROUTES: Array<[method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object]> = [
  ['get', '/api/v1/courses/:id'],
  ['get', '/api/v1/courses/:id/stats'],
  ['get', '/api/v1/courses/:id/rankings'],
  ['get', '/api/v1/rankings/courses/:id'],
  ['get', '/api/v1/courses/:id/my-ranking'],
  ['get', '/api/v1/rankings/courses/:id/me'],
  ['get', '/api/v1/courses/:id/my-best'],
  ['get', '/api/v1/courses/:id/ghost?of=leader'],
  ['get', '/api/v1/courses/:id/reviews'],
  ['get', '/api/v1/reviews/courses/:id'],
  ['get', '/api/v1/courses/:id/reviews/mine'],
  ['post', '/api/v1/courses/:id/reviews', { rating: 5, content: 'nice' }],
  ['post', '/api/v1/courses/:id/like'],
  ['get', '/api/v1/courses/:id/like/status'],
  ['post', '/api/v1/favorites/courses/:id'],
  ['get', '/api/v1/favorites/courses/:id/status'],
  ['patch', '/api/v1/courses/:id', { title: 'mine now' }],
  ['delete', '/api/v1/courses/:id'],
];

/** Reads anyone may try without signing in (the rest answer 401 before looking at the course). */
const ANONYMOUS_READS = [
  '/api/v1/courses/:id',
  '/api/v1/courses/:id/stats',
  '/api/v1/courses/:id/rankings',
  '/api/v1/rankings/courses/:id',
  '/api/v1/courses/:id/reviews',
  '/api/v1/reviews/courses/:id',
];

describe('private and hidden courses stay private', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());
  const call = (
    method: (typeof COURSE_ROUTES)[number][0],
    path: string,
    authorization?: string,
    body?: object,
  ) => {
    const req = http()[method](path);
    if (authorization) req.set('Authorization', authorization);
    return body ? req.send(body) : req;
  };

  /** A course of `owner` with the owner's ranked effort on it (so every read has something to leak). */
  async function courseWithEffort(ownerId: string, flags: { isPublic: boolean; isHidden: boolean }) {
    const coordinates = lineFrom([127.05 + Math.random() * 0.1, 37.45 + Math.random() * 0.1], 41, 25);
    const courseId = await createCourse(dataSource, ownerId, { ...flags, coordinates, distanceMeters: 1000 });
    const runId = await createRun(dataSource, ownerId, { courseId, coordinates, durationSeconds: 300 });
    await dataSource.query(`UPDATE run_records SET is_ranking_eligible = true WHERE id = $1`, [runId]);
    await dataSource.query(
      `INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km, achieved_at)
       VALUES ($1, $2, $3, 300, 300, now())`,
      [courseId, ownerId, runId],
    );
    return { courseId, coordinates };
  }

  it.each([
    ['private', { isPublic: false, isHidden: false }],
    ['hidden', { isPublic: true, isHidden: true }],
  ])('a %s course answers 404 on every course route to another user', async (_label, flags) => {
    const owner = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const { courseId } = await courseWithEffort(owner.user.id, flags);
    for (const [method, template, body] of COURSE_ROUTES) {
      const path = template.replace(':id', courseId);
      const response = await call(method, path, other.authorization, body);
      expect({ method, path: template, status: response.status, code: response.body?.code }).toEqual({
        method,
        path: template,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    // nor may they start a session on it
    const session = await http()
      .post('/api/v1/runs/sessions')
      .set('Authorization', other.authorization)
      .send({ course_id: courseId, started_at: new Date().toISOString() });
    expect(session.status).toBe(404);
    // nothing was written on their behalf
    const [{ n }] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM reviews WHERE course_id = $1) + (SELECT count(*) FROM course_likes WHERE course_id = $1)
              + (SELECT count(*) FROM course_favorites WHERE course_id = $1) + (SELECT count(*) FROM run_sessions WHERE course_id = $1) AS n`,
      [courseId],
    )) as Array<{ n: string }>;
    expect(Number(n)).toBe(0);
  });

  it('a private course answers 404 to anonymous callers on every public read', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const { courseId } = await courseWithEffort(owner.user.id, { isPublic: false, isHidden: false });
    for (const template of ANONYMOUS_READS) {
      const response = await http().get(template.replace(':id', courseId));
      expect({ path: template, status: response.status }).toEqual({ path: template, status: 404 });
    }
  });

  it('every course GET route of the route table: 404 to another user and to anonymous callers, or 401 before any lookup', async () => {
    // Every GET whose `{id}` is a course, from the OpenAPI document, so a new course route is covered
    // the day it is added (the ghost needs `of`).
    const routes = operationsOf(await createOpenApiDocument(config))
      .filter(
        (route) =>
          route.method === 'get' && /\/courses\/\{id\}/.test(route.path) && !route.path.includes('/admin/'),
      )
      .map((route) => ({
        path: route.path + (route.path.endsWith('/ghost') ? '?of=leader' : ''),
        signInRequired: (route.operation['x-auth'] ?? 'required') === 'required',
      }));
    expect(routes.length).toBeGreaterThanOrEqual(COURSE_ROUTES.filter(([method]) => method === 'get').length);
    const owner = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const { courseId } = await courseWithEffort(owner.user.id, { isPublic: false, isHidden: false });
    const answers = [];
    for (const route of routes) {
      const url = route.path.replace('{id}', courseId);
      const asOther = await http().get(url).set('Authorization', other.authorization);
      const anonymous = await http().get(url);
      // What an anonymous caller gets for a course that does not exist: the same, when sign-in comes first.
      const anonymousUnknown = await http().get(route.path.replace('{id}', randomUUID()));
      answers.push({
        path: route.path,
        other: [asOther.status, asOther.body?.code],
        anonymous: [anonymous.status, anonymous.body?.code],
        anonymousUnknown: [anonymousUnknown.status, anonymousUnknown.body?.code],
      });
    }
    expect(answers).toEqual(
      routes.map((route) => ({
        path: route.path,
        other: [404, 'NOT_FOUND'],
        // Sign-in first: 401 before the course is looked up, the same as for a course that does not
        // exist, so it tells nothing about the private course. Otherwise: 404, as for another user.
        anonymous: route.signInRequired ? [401, 'AUTH_REQUIRED'] : [404, 'NOT_FOUND'],
        anonymousUnknown: route.signInRequired ? [401, 'AUTH_REQUIRED'] : [404, 'NOT_FOUND'],
      })),
    );
    // The owner reaches every one of them.
    for (const route of routes) {
      const response = await http()
        .get(route.path.replace('{id}', courseId))
        .set('Authorization', owner.authorization);
      // The ghost may find no one to race (the owner leads), but never says the course is unknown.
      const reached = route.path.includes('/ghost')
        ? response.status === 200 || (response.status === 404 && response.body.message !== 'Course not found')
        : response.status === 200;
      expect({ path: route.path, reached }).toEqual({ path: route.path, reached: true });
    }
  });

  it('the owner and an admin read the private course, its board, stats and reviews', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    const { courseId } = await courseWithEffort(owner.user.id, { isPublic: false, isHidden: false });
    for (const viewer of [owner, admin]) {
      for (const template of [
        '/api/v1/courses/:id',
        '/api/v1/courses/:id/stats',
        '/api/v1/courses/:id/rankings',
        '/api/v1/courses/:id/reviews',
      ]) {
        const response = await http()
          .get(template.replace(':id', courseId))
          .set('Authorization', viewer.authorization);
        expect({ path: template, status: response.status }).toEqual({ path: template, status: 200 });
      }
    }
    const board = await http()
      .get(`/api/v1/courses/${courseId}/rankings`)
      .set('Authorization', owner.authorization);
    expect(board.body.data).toHaveLength(1);
    const mine = await http()
      .get(`/api/v1/courses/${courseId}/my-best`)
      .set('Authorization', owner.authorization);
    expect(mine.status).toBe(200);
    const session = await http()
      .post('/api/v1/runs/sessions')
      .set('Authorization', owner.authorization)
      .send({ course_id: courseId, started_at: new Date().toISOString() });
    expect(session.status).toBe(201);
  });

  it('lists, search, nearby and map bounds never show a private course', async () => {
    const owner = await createUserWithToken(dataSource, config);
    const title = `secret-${Date.now()}`;
    const coordinates = lineFrom([126.7, 37.3], 41, 25);
    const courseId = await createCourse(dataSource, owner.user.id, { isPublic: false, title, coordinates });
    const [lng, lat] = coordinates[0];
    const responses = await Promise.all([
      http().get(`/api/v1/courses?search=${title}`),
      http().get(`/api/v1/courses?search=${title}`).set('Authorization', owner.authorization),
      http().get(`/api/v1/courses/nearby?lat=${lat}&lng=${lng}&radius=2000`),
      http().get(
        `/api/v1/courses/bounds?sw_lat=${lat - 0.01}&sw_lng=${lng - 0.01}&ne_lat=${lat + 0.01}&ne_lng=${lng + 0.01}`,
      ),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(courseId);
    }
  });

  it("another runner's run on a private course is judged but never ranked (COURSE_PRIVATE)", async () => {
    const owner = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const { courseId, coordinates } = await courseWithEffort(owner.user.id, {
      isPublic: false,
      isHidden: false,
    });
    // e.g. a session started while the course was still public
    const runId = await createRun(dataSource, other.user.id, {
      courseId,
      coordinates,
      durationSeconds: 200,
      pipelinePending: true,
    });
    await app.get(RunPipelineService).process(runId);
    const [run] = (await dataSource.query(
      `SELECT is_ranking_eligible, course_completion FROM run_records WHERE id = $1`,
      [runId],
    )) as Array<{ is_ranking_eligible: boolean; course_completion: { reasons: Array<{ code: string }> } }>;
    expect(run.is_ranking_eligible).toBe(false);
    expect(run.course_completion.reasons.map((r) => r.code)).toContain('COURSE_PRIVATE');
    const board = (await dataSource.query(`SELECT user_id FROM rankings WHERE course_id = $1`, [
      courseId,
    ])) as Array<{
      user_id: string;
    }>;
    expect(board.map((row) => row.user_id)).toEqual([owner.user.id]);
  });
});
