import type { INestApplication } from '@nestjs/common';
import { asUser, createCourse, createRun } from '@runvs/testing';
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { chunksOf, trackAlong } from '../runs/run-helpers';
import type { OpenApiOperation } from './openapi-operations';

/**
 * Access to every route that takes an id, generated from the route table (the OpenAPI document):
 * the first user ("owner") holds the resource; a second signed-in user ("stranger") and an
 * anonymous caller act on it. ACCESS_RULES says, per operation, what they may do:
 *
 * - `owner-only`: only the resource's owner (author, organiser, recipient…) may; the stranger gets
 *   403/404, the anonymous caller 401, and the database is left exactly as it was. The owner then
 *   makes the same request and succeeds, so the refusal was about access, not a bad request.
 * - `public-read`: a read anyone may make (signed in, or anonymous too when the route's auth is
 *   optional/public); it changes nothing. With `privateParams`, the same read of the owner's
 *   private resource (a private course) is refused like `owner-only`.
 * - `caller-scoped`: the id names a target the caller acts on for themselves (follow a runner,
 *   like a course, join an event, my ranking on a course…): the stranger may, but nothing of
 *   anyone else's changes — every row not mentioning the stranger stays the same (except the
 *   counter tables named in `touches`, and the outbox of work it enqueues). Anonymous callers get
 *   401 and change nothing.
 * - `admin-only`: a non-admin (here the stranger) gets 403, an anonymous caller 401; nothing changes.
 *
 * A route with a path parameter missing from the table fails the suite, so a new route must come
 * with its access rule. Every answer met on the way (refusals, the owner's success, public reads)
 * must be one the OpenAPI document lists for the operation, with the documented body.
 */

export type Params = Record<string, string>;

interface BaseRule {
  /** path parameters naming the owner's resource */
  params: (world: World) => Promise<Params>;
  /** the JSON body (valid: an owner sending it would succeed) */
  body?: (world: World) => Promise<object> | object;
  why?: string;
}
interface OwnerOnly extends BaseRule {
  rule: 'owner-only';
  /** what the owner gets for the same request (default: any 2xx) */
  ownerGets?: number[];
}
interface PublicRead extends BaseRule {
  rule: 'public-read';
  /** the same read of the owner's private resource, refused to others */
  privateParams?: (world: World) => Promise<Params>;
}
interface CallerScoped extends BaseRule {
  rule: 'caller-scoped';
  /** counter tables the stranger's own action updates */
  touches?: string[];
}
interface AdminOnly extends BaseRule {
  rule: 'admin-only';
}
export type AccessRule = OwnerOnly | PublicRead | CallerScoped | AdminOnly;

export const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
const DAY = 86_400_000;
export const line: Array<[number, number]> = Array.from({ length: 10 }, (_, i) => [
  126.99,
  37.55 + i * 0.0009,
]);

/** The owner's resources for one rule, each created on first use. */
export class World {
  private readonly made = new Map<string, Promise<unknown>>();

  constructor(
    readonly app: INestApplication,
    readonly dataSource: DataSource,
    readonly owner: Caller,
    readonly stranger: Caller,
    /** someone else the owner deals with (friend, reviewer, course creator) */
    readonly third: Caller,
  ) {}

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as Promise<T>;
  }

  private async insert(sql: string, values: unknown[]): Promise<string> {
    const [row] = (await this.dataSource.query(sql, values)) as Array<{ id: string }>;
    return row.id;
  }

  /** the owner's course, read once by the owner (the first read fills in its checkpoints) */
  private ownCourse = async (isPublic: boolean) => {
    const id = await createCourse(this.dataSource, this.owner.id, { isPublic, coordinates: line });
    await this.owner.call('get', `/courses/${id}`);
    return id;
  };
  publicCourse = () => this.once('publicCourse', () => this.ownCourse(true));
  privateCourse = () => this.once('privateCourse', () => this.ownCourse(false));
  thirdCourse = () => this.once('thirdCourse', () => createCourse(this.dataSource, this.third.id));
  run = () =>
    this.once('run', async () =>
      createRun(this.dataSource, this.owner.id, { courseId: await this.publicCourse(), coordinates: line }),
    );
  /** an active run session of the owner with its first chunk uploaded */
  session = () =>
    this.once('session', async () => {
      const created = await this.owner.call('post', '/runs/sessions', { started_at: iso(-600_000) });
      const id = (created.body as { session_id: string }).session_id;
      await this.owner.call('post', `/runs/sessions/${id}/chunks`, this.chunks(id)[0]);
      return id;
    });
  chunks = (sessionId: string) =>
    chunksOf(sessionId, trackAlong(line, { startMs: Date.now() - 600_000 }), 100);
  importId = () =>
    this.once('import', () =>
      this.insert(
        `INSERT INTO external_imports (user_id, source, status, original_filename)
         VALUES ($1, 'gpx_upload', 'failed', 'morning.gpx') RETURNING id`,
        [this.owner.id],
      ),
    );
  exportId = () =>
    this.once('export', () =>
      this.insert(`INSERT INTO data_exports (user_id) VALUES ($1) RETURNING id`, [this.owner.id]),
    );
  notification = () =>
    this.once('notification', () =>
      this.insert(
        `INSERT INTO notifications (user_id, actor_id, type, title, body)
         VALUES ($1, $2, 'new_follower', 'New follower', 'hello') RETURNING id`,
        [this.owner.id, this.third.id],
      ),
    );
  /** a pending friend request from the third user to the owner */
  requestToOwner = () =>
    this.once('requestToOwner', () =>
      this.insert(`INSERT INTO friend_requests (requester_id, recipient_id) VALUES ($1, $2) RETURNING id`, [
        this.third.id,
        this.owner.id,
      ]),
    );
  /** a pending friend request from the owner to the third user */
  requestFromOwner = () =>
    this.once('requestFromOwner', () =>
      this.insert(`INSERT INTO friend_requests (requester_id, recipient_id) VALUES ($1, $2) RETURNING id`, [
        this.owner.id,
        this.third.id,
      ]),
    );
  /** the owner and the third user are friends, and the owner follows them */
  ownerRelations = () =>
    this.once('ownerRelations', async () => {
      await this.dataSource.query(
        `INSERT INTO friend_requests (requester_id, recipient_id, status, accepted_at)
         VALUES ($1, $2, 'accepted', now())`,
        [this.owner.id, this.third.id],
      );
      await this.owner.call('post', `/users/${this.third.id}/follow`);
    });
  /** the owner's review of the third user's course */
  ownReview = () =>
    this.once('ownReview', async () => {
      const course = await this.thirdCourse();
      const created = await this.owner.call('post', `/courses/${course}/reviews`, {
        rating: 4,
        content: 'nice',
      });
      return (created.body as { id: string }).id;
    });
  /** the third user's review of the owner's course */
  reviewOfOwnCourse = () =>
    this.once('reviewOfOwnCourse', async () => {
      const course = await this.publicCourse();
      const created = await this.third.call('post', `/courses/${course}/reviews`, { rating: 5 });
      return (created.body as { id: string }).id;
    });
  event = () =>
    this.once('event', async () => {
      const created = await this.owner.call('post', '/events', {
        title: 'Sunday long run club',
        starts_at: iso(DAY),
        ends_at: iso(2 * DAY),
        target_distance_meters: 15_000,
      });
      return (created.body as { id: string }).id;
    });
  /** an event the owner joined (organised by the third user) */
  joinedEvent = () =>
    this.once('joinedEvent', async () => {
      const created = await this.third.call('post', '/events', {
        title: 'Han river 10k',
        starts_at: iso(DAY),
        ends_at: iso(2 * DAY),
      });
      const id = (created.body as { id: string }).id;
      await this.owner.call('post', `/events/${id}/join`);
      return id;
    });
}

export class Caller {
  constructor(
    private readonly app: INestApplication,
    readonly id: string,
    readonly userCode: string,
    /** the Authorization header value (none: anonymous) */
    readonly authorization?: string,
  ) {}

  async call(method: string, path: string, body?: object): Promise<request.Response> {
    const client = asUser(this.app, this.authorization);
    const response =
      method === 'get' || method === 'delete'
        ? await client[method](path)
        : await client[method as 'post' | 'patch' | 'put'](path, body);
    if (response.status >= 500) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    return response;
  }
}

const user =
  (params: Params = {}) =>
  async (world: World) => ({ id: world.owner.id, ...params });
const course = async (world: World) => ({ id: await world.publicCourse() });
const privateCourse = async (world: World) => ({ id: await world.privateCourse() });
const run = async (world: World) => ({ id: await world.run() });
const session = async (world: World) => ({ id: await world.session() });
const event = async (world: World) => ({ id: await world.event() });
const joinedEvent = async (world: World) => ({ id: await world.joinedEvent() });
const ownReview = async (world: World) => ({ reviewId: await world.ownReview() });
const anyId = async () => ({ id: randomUUID() });
/** the third user, with whom the owner is friends and whom the owner follows */
const ownerContact = (name: 'id' | 'user_id') => async (world: World) => {
  await world.ownerRelations();
  return { [name]: world.third.id };
};

const COURSE_COUNTERS = ['course_stats'];

/** Operation (`METHOD /path` under /api/v1, or at the root) → who may act on another user's resource. */
export const ACCESS_RULES: Record<string, AccessRule> = {
  // users: profiles are visible to any signed-in runner; relations are the caller's own
  'GET /users/{id}': { rule: 'public-read', params: user(), why: 'public profile' },
  'GET /users/{id}/profile': { rule: 'public-read', params: user(), why: 'public profile' },
  'GET /users/{id}/social-counts': { rule: 'public-read', params: user() },
  'GET /users/{id}/follow-status': { rule: 'caller-scoped', params: user(), why: 'do I follow them' },
  'GET /users/{id}/followers': { rule: 'public-read', params: user() },
  'GET /users/{id}/following': { rule: 'public-read', params: user() },
  'GET /users/{id}/friendship-status': { rule: 'caller-scoped', params: user() },
  'GET /users/{id}/achievements': { rule: 'public-read', params: user() },
  'POST /users/{id}/follow': { rule: 'caller-scoped', params: user() },
  'DELETE /users/{id}/follow': { rule: 'caller-scoped', params: ownerContact('id') },
  'POST /follows/{id}': { rule: 'caller-scoped', params: user() },
  'DELETE /follows/{id}': { rule: 'caller-scoped', params: ownerContact('id') },
  'GET /follows/search-by-code/{code}': {
    rule: 'public-read',
    params: async (world) => ({ code: world.owner.userCode }),
    why: 'the code is shared to be found',
  },
  'POST /users/{id}/block': { rule: 'caller-scoped', params: user() },
  'DELETE /users/{id}/block': { rule: 'caller-scoped', params: ownerContact('id') },
  // friends
  'POST /friend-requests/{user_id}': {
    rule: 'caller-scoped',
    params: async (w) => ({ user_id: w.owner.id }),
  },
  'PATCH /friend-requests/{id}/accept': {
    rule: 'owner-only',
    params: async (w) => ({ id: await w.requestToOwner() }),
    why: 'only the recipient answers',
  },
  'PATCH /friend-requests/{id}/decline': {
    rule: 'owner-only',
    params: async (w) => ({ id: await w.requestToOwner() }),
    why: 'only the recipient answers',
  },
  'DELETE /friend-requests/{id}': {
    rule: 'owner-only',
    params: async (w) => ({ id: await w.requestFromOwner() }),
    why: 'only the requester cancels',
  },
  'DELETE /friends/{user_id}': { rule: 'caller-scoped', params: ownerContact('user_id') },
  // imports and exports
  'GET /imports/{id}': { rule: 'owner-only', params: async (w) => ({ id: await w.importId() }) },
  'DELETE /imports/{id}': { rule: 'owner-only', params: async (w) => ({ id: await w.importId() }) },
  'GET /imports/{id}/status': { rule: 'owner-only', params: async (w) => ({ id: await w.importId() }) },
  'GET /imports/{id}/original': {
    rule: 'owner-only',
    params: async (w) => ({ id: await w.importId() }),
    ownerGets: [404],
    why: 'the seeded import has no stored file; with one, only its owner downloads it (test/imports/imports-originals)',
  },
  'GET /users/me/exports/{id}': { rule: 'owner-only', params: async (w) => ({ id: await w.exportId() }) },
  'GET /users/me/exports/{id}/download': {
    rule: 'owner-only',
    params: async (w) => ({ id: await w.exportId() }),
    ownerGets: [409],
    why: 'not ready yet: the owner is told so, others get 404',
  },
  // runs
  'POST /runs/sessions/{id}/chunks': {
    rule: 'owner-only',
    params: session,
    body: async (w) => w.chunks(await w.session())[1],
  },
  'POST /runs/sessions/{id}/chunks/batch': {
    rule: 'owner-only',
    params: session,
    body: async (w) => ({ chunks: w.chunks(await w.session()).slice(1, 3) }),
  },
  'POST /runs/sessions/{id}/complete': {
    rule: 'owner-only',
    params: session,
    body: () => ({ distance_meters: 1000, duration_seconds: 330, finished_at: iso(-1_000) }),
  },
  'POST /runs/sessions/{id}/recover': {
    rule: 'owner-only',
    params: session,
    body: () => ({ finished_at: iso(-1_000), total_chunks: 1, uploaded_chunk_sequences: [0] }),
  },
  'DELETE /runs/sessions/{id}': { rule: 'owner-only', params: session },
  'GET /runs/{id}': { rule: 'owner-only', params: run, why: 'followers see shared runs; strangers not' },
  'DELETE /runs/{id}': { rule: 'owner-only', params: run },
  'POST /runs/{id}/appeal': {
    rule: 'owner-only',
    params: run,
    body: () => ({ message: 'It was me, on my own legs' }),
    ownerGets: [409],
    why: 'the fixture run is not flagged: its owner is told NOT_FLAGGED',
  },
  'GET /runs/{id}/ghost-comparison': {
    rule: 'owner-only',
    params: run,
    ownerGets: [404],
    why: 'the owner has no earlier effort to compare with',
  },
  // boards and ghosts
  'GET /rankings/courses/{id}': { rule: 'public-read', params: course, privateParams: privateCourse },
  'GET /courses/{id}/rankings': { rule: 'public-read', params: course, privateParams: privateCourse },
  'GET /rankings/courses/{id}/me': { rule: 'caller-scoped', params: course },
  'GET /courses/{id}/my-ranking': { rule: 'caller-scoped', params: course },
  'GET /courses/{id}/my-best': { rule: 'caller-scoped', params: course },
  'GET /courses/{id}/ghost': {
    rule: 'caller-scoped',
    params: course,
    why: 'my ghost, or a leader/followed one',
  },
  // notifications
  'POST /notifications/{id}/read': {
    rule: 'owner-only',
    params: async (w) => ({ id: await w.notification() }),
  },
  // reviews
  'GET /courses/{id}/reviews': { rule: 'public-read', params: course, privateParams: privateCourse },
  'GET /reviews/courses/{id}': { rule: 'public-read', params: course, privateParams: privateCourse },
  'POST /courses/{id}/reviews': {
    rule: 'caller-scoped',
    params: course,
    body: () => ({ rating: 3 }),
    touches: COURSE_COUNTERS,
  },
  'POST /reviews/courses/{id}': {
    rule: 'caller-scoped',
    params: course,
    body: () => ({ rating: 3 }),
    touches: COURSE_COUNTERS,
  },
  'GET /courses/{id}/reviews/mine': { rule: 'caller-scoped', params: course },
  'PATCH /courses/reviews/{reviewId}': { rule: 'owner-only', params: ownReview, body: () => ({ rating: 1 }) },
  'DELETE /courses/reviews/{reviewId}': { rule: 'owner-only', params: ownReview },
  'PATCH /reviews/{reviewId}': { rule: 'owner-only', params: ownReview, body: () => ({ rating: 1 }) },
  'DELETE /reviews/{reviewId}': { rule: 'owner-only', params: ownReview },
  'POST /courses/{courseId}/reviews/{reviewId}/reply': {
    rule: 'owner-only',
    params: async (w) => ({ courseId: await w.publicCourse(), reviewId: await w.reviewOfOwnCourse() }),
    body: () => ({ content: 'thanks!' }),
    why: "only the course's creator replies",
  },
  'POST /reviews/{reviewId}/reply': {
    rule: 'owner-only',
    params: async (w) => ({ reviewId: await w.reviewOfOwnCourse() }),
    body: () => ({ content: 'thanks!' }),
    why: "only the course's creator replies",
  },
  // likes and favorites: the caller's own
  'POST /courses/{id}/like': { rule: 'caller-scoped', params: course, touches: COURSE_COUNTERS },
  'POST /likes/courses/{id}/toggle': { rule: 'caller-scoped', params: course, touches: COURSE_COUNTERS },
  'GET /courses/{id}/like/status': { rule: 'caller-scoped', params: course },
  'GET /likes/courses/{id}': { rule: 'caller-scoped', params: course },
  'GET /favorites/courses/{id}': { rule: 'caller-scoped', params: course },
  'POST /favorites/courses/{id}': { rule: 'caller-scoped', params: course, touches: COURSE_COUNTERS },
  'POST /favorites/courses/{id}/toggle': { rule: 'caller-scoped', params: course, touches: COURSE_COUNTERS },
  'GET /favorites/courses/{id}/status': { rule: 'caller-scoped', params: course },
  // courses
  'GET /courses/{id}': { rule: 'public-read', params: course, privateParams: privateCourse },
  'GET /courses/{id}/stats': { rule: 'public-read', params: course, privateParams: privateCourse },
  'PATCH /courses/{id}': { rule: 'owner-only', params: course, body: () => ({ title: 'Renamed' }) },
  'DELETE /courses/{id}': { rule: 'owner-only', params: course },
  'PATCH /courses/{id}/route': {
    rule: 'owner-only',
    params: course,
    body: () => ({
      route_geometry: { type: 'LineString', coordinates: line.map(([lng, lat]) => [lng + 0.00005, lat]) },
    }),
  },
  // events
  'GET /events/{id}': { rule: 'public-read', params: event },
  'GET /events/{id}/participants': { rule: 'public-read', params: event },
  'PATCH /events/{id}': { rule: 'owner-only', params: event, body: () => ({ title: 'Renamed' }) },
  'DELETE /events/{id}': { rule: 'owner-only', params: event, why: 'organiser (or admin) cancels' },
  'POST /events/{id}/join': { rule: 'caller-scoped', params: event, touches: ['events'] },
  'DELETE /events/{id}/join': { rule: 'caller-scoped', params: joinedEvent, touches: ['events'] },
  'DELETE /events/{id}/leave': { rule: 'caller-scoped', params: joinedEvent, touches: ['events'] },
  // admin console
  'GET /admin/users/{id}': { rule: 'admin-only', params: user() },
  'POST /admin/users/{id}/ban': { rule: 'admin-only', params: user(), body: () => ({ reason: 'spam' }) },
  'POST /admin/users/{id}/unban': { rule: 'admin-only', params: user() },
  'PATCH /admin/users/{id}/role': { rule: 'admin-only', params: user(), body: () => ({ role: 'admin' }) },
  'POST /admin/courses/{id}/hide': { rule: 'admin-only', params: course, body: () => ({ reason: 'spam' }) },
  'POST /admin/courses/{id}/unhide': { rule: 'admin-only', params: course },
  'DELETE /admin/courses/{id}': { rule: 'admin-only', params: course },
  'POST /admin/courses/{id}/leaderboard/recompute': { rule: 'admin-only', params: course },
  'DELETE /admin/reviews/{id}': { rule: 'admin-only', params: async (w) => ({ id: await w.ownReview() }) },
  'POST /admin/runs/{id}/unflag': { rule: 'admin-only', params: run },
  'POST /admin/runs/{id}/confirm': { rule: 'admin-only', params: run },
  'POST /admin/runs/{id}/exclude': {
    rule: 'admin-only',
    params: run,
    body: () => ({ reason: 'reported effort, checked by an admin' }),
  },
  'POST /admin/runs/{id}/include': { rule: 'admin-only', params: run },
  'POST /admin/runs/{id}/pipeline/redrive': { rule: 'admin-only', params: run },
  'POST /admin/reports/{id}/resolve': {
    rule: 'admin-only',
    params: anyId,
    body: () => ({ status: 'dismissed' }),
  },
  'GET /admin/jobs/failures/{id}': { rule: 'admin-only', params: anyId },
  'POST /admin/jobs/failures/{id}/redrive': { rule: 'admin-only', params: anyId },
  'POST /admin/jobs/failures/{id}/dismiss': { rule: 'admin-only', params: anyId },
  'POST /admin/ban-appeals/{id}/answer': {
    rule: 'admin-only',
    params: anyId,
    body: () => ({ decision: 'lift' }),
  },
};

/** `METHOD /path` of an operation, without the /api/v1 prefix. */
export const keyOf = ({ method, path }: OpenApiOperation) =>
  `${method.toUpperCase()} ${path.replace(/^\/api\/v1(?=\/)/, '')}`;
export const takesId = ({ operation }: OpenApiOperation) =>
  (operation.parameters ?? []).some((parameter) => 'in' in parameter && parameter.in === 'path');
export const fill = (template: string, params: Params) =>
  template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    if (params[name] === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(params[name]);
  });
