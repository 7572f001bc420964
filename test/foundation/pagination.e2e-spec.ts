import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { MAX_PAGE } from '@runvs/common';
import type { AppConfig } from '@runvs/config';
import { createCourse, createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';

interface Operation {
  path: string;
  parameters: Array<{ name: string; in: string; required?: boolean }>;
}

/** Every GET operation of the running api that takes a `page` query parameter. */
function pagedLists(app: INestApplication): Operation[] {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  return Object.entries(document.paths)
    .map(([path, item]) => ({ path, parameters: (item.get?.parameters ?? []) as Operation['parameters'] }))
    .filter((operation) => operation.parameters.some((p) => p.in === 'query' && p.name === 'page'));
}

/** Values for the required query parameters paged lists take besides `page`. */
const REQUIRED_QUERY: Record<string, string> = { q: 'runner' };

/**
 * Issue 14 item 10: a huge page number never answers 500 on any paged list — generated from the
 * route table (the OpenAPI document of the running app), so a list added later is covered too.
 */
describe('every paged list with a page beyond the data', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let authorization: string;
  let ids: Record<string, string>;
  let lists: Operation[];

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app } = stack);
    const dataSource = app.get(DataSource);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    authorization = admin.authorization;
    const event = await request(app.getHttpServer())
      .post('/api/v1/events')
      .set('Authorization', authorization)
      .send({
        title: 'Paging test run',
        starts_at: new Date(Date.now() + 86_400_000).toISOString(),
        ends_at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        target_distance_meters: 5000,
      })
      .expect(201);
    // The resource a `{id}` stands for, by the path segment before it.
    ids = {
      courses: await createCourse(dataSource, admin.user.id),
      users: admin.user.id,
      events: event.body.id as string,
    };
    lists = pagedLists(app);
  });

  afterAll(() => stack?.close());

  const urlOf = (operation: Operation, page: string): string => {
    const path = operation.path.replace(/([^/]+)\/\{id\}/g, (_match, segment: string) => {
      const id = ids[segment === 'courses' || segment === 'rankings' ? 'courses' : segment];
      if (!id) throw new Error(`${operation.path}: add an id for "/${segment}/{id}" to \`ids\` in this test`);
      return `${segment}/${id}`;
    });
    const query = new URLSearchParams({ page });
    for (const parameter of operation.parameters) {
      if (parameter.in !== 'query' || !parameter.required || parameter.name === 'page') continue;
      const value = REQUIRED_QUERY[parameter.name];
      if (value === undefined) {
        throw new Error(
          `${operation.path}: add a value for its required "${parameter.name}" to REQUIRED_QUERY`,
        );
      }
      query.set(parameter.name, value);
    }
    return `${path}?${query.toString()}`;
  };

  it('finds the paged lists (so the checks below cannot pass vacuously)', () => {
    expect(lists.length).toBeGreaterThanOrEqual(20);
    expect(lists.map((operation) => operation.path)).toEqual(
      expect.arrayContaining([
        '/api/v1/events',
        '/api/v1/courses',
        '/api/v1/users/me/runs',
        '/api/v1/imports',
      ]),
    );
  });

  it('answers page=99999999999999999999 with 422 naming `page` on every paged list, never 500', async () => {
    const failures: string[] = [];
    for (const operation of lists) {
      const response = await request(app.getHttpServer())
        .get(urlOf(operation, '99999999999999999999'))
        .set('Authorization', authorization);
      const named = response.body?.details?.fields?.some(
        (field: { field: string }) => field.field === 'page',
      );
      if (response.status !== 422 || !named) {
        failures.push(`${operation.path}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers the last allowed page, far past the data, with an empty page on every paged list', async () => {
    const failures: string[] = [];
    for (const operation of lists) {
      const response = await request(app.getHttpServer())
        .get(urlOf(operation, String(MAX_PAGE)))
        .set('Authorization', authorization);
      if (response.status !== 200 || !Array.isArray(response.body.data) || response.body.data.length !== 0) {
        failures.push(`${operation.path}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
