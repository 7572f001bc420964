import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '@runvs/config';
import { createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import type { DataSource } from 'typeorm';
import { createOpenApiDocument } from '../../apps/api/src/api-app';
import { DocumentedAnswers } from '../support/openapi-answers';
import { type OpenApiOperation, operationsOf } from '../support/openapi-operations';
import {
  ACCESS_RULES,
  Caller,
  fill,
  keyOf,
  type Params,
  takesId,
  World,
} from '../support/route-access-rules';

/** Access to every route that takes an id: the rules are in test/support/route-access-rules.ts. */

const REFUSED = [403, 404];

/**
 * What counts as a change of a row, where not all of it: an outbox event is what was enqueued;
 * its delivery bookkeeping (published_at, attempts) moves on its own as the relay publishes.
 */
const ROW_FACTS: Record<string, string> = {
  outbox_events: 'ROW(r.id, r.queue, r.job_name, r.job_id, r.payload, r.delay_ms, r.created_at)::text',
};

describe('access to every route that takes an id (generated from the route table)', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;
  let routes: OpenApiOperation[];
  let answers: DocumentedAnswers;
  let tables: string[];

  beforeAll(async () => {
    stack = await startStack();
    ({ api: app, config, dataSource } = stack);
    const document: OpenAPIObject = await createOpenApiDocument(config);
    routes = operationsOf(document).filter(takesId);
    answers = new DocumentedAnswers(document);
    tables = (
      (await dataSource.query(
        `SELECT tablename FROM pg_tables
          WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'spatial_ref_sys')
          ORDER BY tablename`,
      )) as Array<{ tablename: string }>
    ).map((row) => row.tablename);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** A digest of every table's rows, leaving out rows that mention `ignoring` (a user id). */
  async function snapshot(ignoring?: string, skipTables: string[] = []): Promise<Record<string, string>> {
    const kept = tables.filter((table) => !skipTables.includes(table));
    const rows = (await dataSource.query(
      kept
        .map((table) => {
          const row = ROW_FACTS[table] ?? 'r::text';
          return `SELECT '${table}' AS t, md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS h
                    FROM "${table}" r WHERE $1::text IS NULL OR position($1::text in ${row}) = 0`;
        })
        .join(' UNION ALL '),
      [ignoring ?? null],
    )) as Array<{ t: string; h: string }>;
    return Object.fromEntries(rows.map(({ t, h }) => [t, h]));
  }

  /**
   * A snapshot once the database is still: work an earlier request set off after answering (the
   * producer publishing its outbox rows…) must not count as a change made by the next caller.
   */
  async function settledSnapshot(ignoring?: string, skipTables: string[] = []) {
    let last = await snapshot(ignoring, skipTables);
    for (let attempt = 0; attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const next = await snapshot(ignoring, skipTables);
      if (JSON.stringify(next) === JSON.stringify(last)) return next;
      last = next;
    }
    return last;
  }

  async function caller(overrides: Record<string, unknown> = {}) {
    const { user, authorization } = await createUserWithToken(dataSource, config, overrides);
    return new Caller(app, user.id, user.userCode, authorization);
  }

  async function newWorld(): Promise<World> {
    return new World(app, dataSource, await caller(), await caller(), await caller());
  }

  it('has an access rule for every route that takes an id, and none for a route that is gone', () => {
    const keys = routes.map(keyOf);
    expect({
      withoutRule: keys.filter((key) => !ACCESS_RULES[key]),
      ruleWithoutRoute: Object.keys(ACCESS_RULES).filter((key) => !keys.includes(key)),
    }).toEqual({ withoutRule: [], ruleWithoutRoute: [] });
  });

  it('agrees with the documented auth of each route (admin-only ⇔ x-auth admin)', () => {
    const mismatched = routes
      .filter((route) => ACCESS_RULES[keyOf(route)])
      .filter(
        (route) =>
          (ACCESS_RULES[keyOf(route)].rule === 'admin-only') !== (route.operation['x-auth'] === 'admin'),
      )
      .map(keyOf);
    expect(mismatched).toEqual([]);
  });

  it('checks answers against the document (an undocumented status or a wrong body is a problem)', () => {
    expect(answers.problems('get', '/api/v1/courses/{id}', 418, {})).toEqual([
      'answered 418, which the document does not list',
    ]);
    expect(answers.problems('get', '/api/v1/events/{id}', 200, { id: 'not-a-uuid' })).toContain(
      "200 body (root) must have required property 'title'",
    );
    expect(answers.problems('get', '/api/v1/events/{id}', 404, { code: 'NOT_FOUND', message: 'x' })).toEqual(
      [],
    );
    expect(answers.problems('get', '/api/v1/events/{id}', 404, { message: 'x' })).toEqual([
      "404 body (root) must have required property 'code'",
    ]);
  });

  /** One check of one route: what each caller got, compared with what its rule allows. */
  async function check(route: OpenApiOperation): Promise<string[]> {
    const key = keyOf(route);
    const rule = ACCESS_RULES[key];
    const auth = route.operation['x-auth'];
    const anonymousMayRead = auth === 'optional' || auth === 'public';
    const world = await newWorld();
    const anonymous = new Caller(app, '', '');
    const problems: string[] = [];
    const target = (params: Params) => fill(route.path.replace(/^\/api\/v1(?=\/)/, ''), params);
    /** Sends the request; every answer must be one the document lists, with the documented body. */
    const send = async (who: Caller, params: Params) => {
      const response = await who.call(
        route.method,
        target(params),
        rule.body ? await rule.body(world) : undefined,
      );
      const name = who === world.owner ? 'owner' : who === anonymous ? 'anonymous' : 'stranger';
      for (const problem of answers.problems(route.method, route.path, response.status, response.body)) {
        problems.push(`${name}: ${problem}`);
      }
      return response;
    };
    const expectStatus = (who: string, status: number, allowed: number[]) => {
      if (!allowed.includes(status)) problems.push(`${who} got ${status}, expected ${allowed.join('/')}`);
    };
    const expectUnchanged = (who: string, before: Record<string, string>, after: Record<string, string>) => {
      const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
      if (changed.length > 0) problems.push(`${who} changed ${changed.join(', ')}`);
    };
    /** Refused to the stranger and the anonymous caller, and nothing changed. */
    const refused = async (params: Params, anonymousStatuses: number[]) => {
      const before = await settledSnapshot();
      expectStatus('stranger', (await send(world.stranger, params)).status, REFUSED);
      const between = await snapshot();
      expectUnchanged('stranger', before, between);
      expectStatus('anonymous', (await send(anonymous, params)).status, anonymousStatuses);
      expectUnchanged('anonymous', between, await snapshot());
    };

    const params = await rule.params(world);
    if (rule.body) await rule.body(world);
    switch (rule.rule) {
      case 'owner-only': {
        await refused(params, [401]);
        const owner = (await send(world.owner, params)).status;
        if (rule.ownerGets) expectStatus('owner', owner, rule.ownerGets);
        else if (owner < 200 || owner > 299) problems.push(`owner got ${owner}, expected 2xx`);
        break;
      }
      case 'admin-only':
        await refused(params, [401]);
        break;
      case 'public-read': {
        if (route.method !== 'get') problems.push('a public-read rule on a route that writes');
        const before = await settledSnapshot();
        expectStatus('stranger', (await send(world.stranger, params)).status, [200]);
        expectStatus('anonymous', (await send(anonymous, params)).status, anonymousMayRead ? [200] : [401]);
        expectUnchanged('readers', before, await snapshot());
        if (rule.privateParams) {
          await refused(await rule.privateParams(world), anonymousMayRead ? REFUSED : [401]);
        }
        break;
      }
      case 'caller-scoped': {
        let before = await settledSnapshot();
        expectStatus('anonymous', (await send(anonymous, params)).status, [401]);
        expectUnchanged('anonymous', before, await snapshot());
        // The stranger's own action may enqueue work (a notice to the owner…): the outbox is left out.
        const skipped = ['outbox_events', ...(rule.touches ?? [])];
        before = await settledSnapshot(world.stranger.id, skipped);
        const status = (await send(world.stranger, params)).status;
        if (status === 401 || status === 403) problems.push(`stranger got ${status} acting for themselves`);
        expectUnchanged("stranger (others' rows)", before, await snapshot(world.stranger.id, skipped));
        break;
      }
    }
    return problems.map((problem) => `${key} [${rule.rule}]: ${problem}`);
  }

  it('lets a second user and an anonymous caller do only what each route allows, changing nothing else, answering as documented', async () => {
    const problems: string[] = [];
    for (const route of routes.filter((candidate) => ACCESS_RULES[keyOf(candidate)])) {
      problems.push(...(await check(route)));
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
