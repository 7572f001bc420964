import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { EVENT_LIMITS } from '@runvs/events';
import {
  asUser,
  createCourse,
  createRun,
  createUserWithToken,
  startStack,
  type TestStack,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe('events: list, map, detail, join/leave, participants, create/edit/cancel', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack();
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const as = (authorization: string) => asUser(app, authorization);

  /** An event row straight in the database (any window, even past), returning its id. */
  async function insertEvent(values: {
    title?: string;
    startsAt?: Date;
    endsAt?: Date;
    isActive?: boolean;
    maxParticipants?: number | null;
    center?: [number, number] | null;
    courseId?: string | null;
    targetDistance?: number | null;
    targetRuns?: number | null;
    eventType?: string;
    creatorId?: string | null;
  }): Promise<string> {
    const [row] = (await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, is_active, max_participants, center, course_id,
                           target_distance_meters, target_runs, event_type, creator_id)
       VALUES ($1, $2, $3, $4, $5,
               CASE WHEN $6::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($6, $7), 4326)::geography END,
               $8, $9, $10, $11, $12)
       RETURNING id`,
      [
        values.title ?? 'Seoul 10K week',
        values.startsAt ?? new Date(Date.now() - DAY),
        values.endsAt ?? new Date(Date.now() + 6 * DAY),
        values.isActive ?? true,
        values.maxParticipants ?? null,
        values.center?.[0] ?? null,
        values.center?.[1] ?? null,
        values.courseId ?? null,
        values.targetDistance ?? null,
        values.targetRuns ?? null,
        values.eventType ?? 'challenge',
        values.creatorId ?? null,
      ],
    )) as Array<{ id: string }>;
    return row.id;
  }

  describe('GET /events', () => {
    it('lists active events that have not ended, by start, with my participation', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      await dataSource.query(`UPDATE events SET is_active = false`);
      const later = await insertEvent({ title: 'Later', startsAt: new Date(Date.now() + 2 * DAY) });
      const sooner = await insertEvent({ title: 'Sooner', startsAt: new Date(Date.now() - 2 * DAY) });
      await insertEvent({
        title: 'Ended',
        startsAt: new Date(Date.now() - 9 * DAY),
        endsAt: new Date(Date.now() - DAY),
      });
      await insertEvent({ title: 'Cancelled', isActive: false });
      await as(authorization).post(`/events/${sooner}/join`).expect(201);

      const response = await as(authorization).get('/events').expect(200);
      expect(response.body.total_count).toBe(2);
      expect(response.body.has_next).toBe(false);
      expect(response.body.data.map((e: { id: string }) => e.id)).toEqual([sooner, later]);
      const [first, second] = response.body.data;
      expect(first).toMatchObject({
        title: 'Sooner',
        is_participating: true,
        participant_count: 1,
        my_progress_distance_meters: 0,
        my_progress_runs: 0,
        is_active: true,
        badge_color: '#FF5252',
        badge_icon: 'trophy',
      });
      expect(second).toMatchObject({
        is_participating: false,
        my_progress_distance_meters: null,
        my_progress_runs: null,
      });
      expect(Object.keys(first).sort()).toEqual(
        [
          'id',
          'title',
          'description',
          'event_type',
          'course_id',
          'starts_at',
          'ends_at',
          'target_distance_meters',
          'target_runs',
          'activity_types',
          'max_participants',
          'badge_color',
          'badge_icon',
          'image_url',
          'participant_count',
          'is_participating',
          'is_active',
          'cancelled_at',
          'cancel_reason',
          'course_deleted_at',
          'center_lat',
          'center_lng',
          'recurring_schedule',
          'meeting_point',
          'creator_id',
          'creator_nickname',
          'my_progress_distance_meters',
          'my_progress_runs',
          'my_completed',
        ].sort(),
      );
      expect(user.id).toBeDefined();
    });

    it('pages and filters by event_type; bad queries are 422', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      await dataSource.query(`UPDATE events SET is_active = false`);
      for (let i = 0; i < 3; i++)
        await insertEvent({
          title: `Crew ${i}`,
          eventType: 'crew',
          startsAt: new Date(Date.now() + i * HOUR),
        });
      await insertEvent({ title: 'Challenge' });
      const page = await as(authorization).get('/events?event_type=crew&page=1&per_page=2').expect(200);
      expect(page.body.total_count).toBe(3);
      expect(page.body.data).toHaveLength(1);
      expect(page.body.data[0].title).toBe('Crew 2');
      expect(page.body.has_next).toBe(false);
      for (const bad of ['event_type=party', 'per_page=0', 'per_page=101', 'page=-1']) {
        const response = await as(authorization).get(`/events?${bad}`).expect(422);
        expect(response.body.code).toBe('VALIDATION_ERROR');
      }
    });

    it('needs a token', async () => {
      expect((await request(app.getHttpServer()).get('/api/v1/events').expect(401)).body.code).toBe(
        'AUTH_REQUIRED',
      );
    });
  });

  describe('GET /events/map-markers (and /events/markers)', () => {
    it('answers active, not-ended events centred in the viewport, by end', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      await dataSource.query(`UPDATE events SET is_active = false`);
      const cityHall = await insertEvent({
        title: 'City hall',
        center: [126.978, 37.5665],
        endsAt: new Date(Date.now() + 3 * DAY),
      });
      const hanRiver = await insertEvent({
        title: 'Han river',
        center: [126.99, 37.52],
        endsAt: new Date(Date.now() + DAY),
      });
      await insertEvent({ title: 'Busan', center: [129.07, 35.18] });
      await insertEvent({ title: 'No place' });
      await insertEvent({
        title: 'Ended here',
        center: [126.98, 37.56],
        startsAt: new Date(Date.now() - 3 * DAY),
        endsAt: new Date(Date.now() - HOUR),
      });

      const box = 'sw_lat=37.4&sw_lng=126.8&ne_lat=37.7&ne_lng=127.2';
      const response = await as(authorization).get(`/events/map-markers?${box}`).expect(200);
      expect(response.body.map((m: { id: string }) => m.id)).toEqual([hanRiver, cityHall]);
      expect(response.body[1]).toEqual({
        id: cityHall,
        title: 'City hall',
        event_type: 'challenge',
        badge_color: '#FF5252',
        badge_icon: 'trophy',
        center_lat: expect.closeTo(37.5665, 6),
        center_lng: expect.closeTo(126.978, 6),
        participant_count: 0,
        ends_at: expect.any(String),
      });
      const alias = await as(authorization).get(`/events/markers?${box}`).expect(200);
      expect(alias.body).toEqual(response.body);
    });

    it('handles a viewport across the antimeridian and the whole world', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      await dataSource.query(`UPDATE events SET is_active = false`);
      const fiji = await insertEvent({ title: 'Fiji', center: [179.5, -17.8] });
      const samoa = await insertEvent({ title: 'Samoa', center: [-171.8, -13.8] });
      await insertEvent({ title: 'Sydney', center: [151.2, -33.9] });
      const across = await as(authorization)
        .get('/events/map-markers?sw_lat=-25&sw_lng=170&ne_lat=-10&ne_lng=-165')
        .expect(200);
      expect(across.body.map((m: { id: string }) => m.id).sort()).toEqual([fiji, samoa].sort());
      const world = await as(authorization)
        .get('/events/map-markers?sw_lat=-90&sw_lng=-180&ne_lat=90&ne_lng=180')
        .expect(200);
      expect(world.body).toHaveLength(3);
      // Pole to pole in a narrow band (the two poles given either way round): a viewport, not a 500.
      for (const box of [
        'sw_lat=-90&sw_lng=170&ne_lat=90&ne_lng=180',
        'sw_lat=90&sw_lng=180&ne_lat=-90&ne_lng=-180',
        'sw_lat=-90&sw_lng=175&ne_lat=90&ne_lng=-170',
      ]) {
        const band = await as(authorization).get(`/events/map-markers?${box}`).expect(200);
        expect(band.body.map((m: { id: string }) => m.id).sort()).toEqual(
          box.endsWith('ne_lng=180') ? [fiji] : box.endsWith('-180') ? [] : [fiji, samoa].sort(),
        );
      }
    });

    it('needs all four corners as coordinates (422)', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const missing = await as(authorization)
        .get('/events/map-markers?sw_lat=37&sw_lng=126&ne_lat=38')
        .expect(422);
      expect(missing.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['ne_lng']);
      await as(authorization)
        .get('/events/map-markers?sw_lat=abc&sw_lng=126&ne_lat=38&ne_lng=127')
        .expect(422);
      await as(authorization)
        .get('/events/map-markers?sw_lat=91&sw_lng=126&ne_lat=38&ne_lng=127')
        .expect(422);
    });
  });

  describe('GET /events/:id', () => {
    it('answers any event, even ended or cancelled, with the creator nickname', async () => {
      const creator = await createUserWithToken(dataSource, config);
      const ended = await insertEvent({
        title: 'Past',
        startsAt: new Date(Date.now() - 5 * DAY),
        endsAt: new Date(Date.now() - DAY),
        isActive: false,
        creatorId: creator.user.id,
      });
      const response = await as(creator.authorization).get(`/events/${ended}`).expect(200);
      expect(response.body).toMatchObject({
        id: ended,
        is_active: false,
        creator_nickname: creator.user.nickname,
      });
    });

    it('is 404 for an unknown event and 422 for a malformed id', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      expect(
        (await as(authorization).get('/events/6f0c1d7e-1111-4111-8111-111111111111').expect(404)).body.code,
      ).toBe('NOT_FOUND');
      expect((await as(authorization).get('/events/not-a-uuid').expect(422)).body.code).toBe(
        'VALIDATION_ERROR',
      );
    });
  });

  describe('POST /events/:id/join and DELETE /events/:id/join', () => {
    it('joins (201), refuses a second join (409 ALREADY_JOINED), leaves (204) and re-joins', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const eventId = await insertEvent({});
      const joined = await as(authorization).post(`/events/${eventId}/join`).expect(201);
      expect(joined.body).toEqual({
        event_id: eventId,
        user_id: user.id,
        progress_distance_meters: 0,
        progress_runs: 0,
        completed: false,
        joined_at: expect.stringMatching(/Z$/),
      });
      expect((await as(authorization).post(`/events/${eventId}/join`).expect(409)).body.code).toBe(
        'ALREADY_JOINED',
      );
      expect((await as(authorization).get(`/events/${eventId}`).expect(200)).body.participant_count).toBe(1);
      await as(authorization).delete(`/events/${eventId}/join`).expect(204);
      expect((await as(authorization).get(`/events/${eventId}`).expect(200)).body).toMatchObject({
        participant_count: 0,
        is_participating: false,
      });
      expect((await as(authorization).delete(`/events/${eventId}/join`).expect(404)).body.code).toBe(
        'NOT_FOUND',
      );
      await as(authorization).post(`/events/${eventId}/join`).expect(201);
      await as(authorization).delete(`/events/${eventId}/leave`).expect(204);
    });

    it('refuses an ended or cancelled event with 422 EVENT_ENDED, an unknown one with 404', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const ended = await insertEvent({
        startsAt: new Date(Date.now() - 3 * DAY),
        endsAt: new Date(Date.now() - 1000),
      });
      const cancelled = await insertEvent({ isActive: false });
      expect((await as(authorization).post(`/events/${ended}/join`).expect(422)).body.code).toBe(
        'EVENT_ENDED',
      );
      expect((await as(authorization).post(`/events/${cancelled}/join`).expect(422)).body.code).toBe(
        'EVENT_ENDED',
      );
      await as(authorization).post('/events/6f0c1d7e-1111-4111-8111-111111111111/join').expect(404);
    });

    it('refuses a full event with 409 EVENT_FULL, also under concurrent joins', async () => {
      const eventId = await insertEvent({ maxParticipants: 3 });
      const runners = await Promise.all(
        Array.from({ length: 8 }, () => createUserWithToken(dataSource, config)),
      );
      const statuses = await Promise.all(
        runners.map((r) => as(r.authorization).post(`/events/${eventId}/join`)),
      );
      const codes = statuses.map((s) => s.status).sort();
      expect(codes).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
      expect(statuses.filter((s) => s.status === 409).every((s) => s.body.code === 'EVENT_FULL')).toBe(true);
      const [row] = await dataSource.query(
        `SELECT participant_count, (SELECT count(*)::int FROM event_participants WHERE event_id = $1) AS n FROM events WHERE id = $1`,
        [eventId],
      );
      expect(row).toEqual({ participant_count: 3, n: 3 });
    });

    it('counts runs already inside the window when joining late (course-bound: only that course, flagged never)', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const courseId = await createCourse(dataSource, user.id);
      const open = await insertEvent({ targetDistance: 8000, startsAt: new Date(Date.now() - 2 * DAY) });
      const onCourse = await insertEvent({
        courseId,
        targetRuns: 2,
        startsAt: new Date(Date.now() - 2 * DAY),
      });
      await createRun(dataSource, user.id, { distanceMeters: 5000, finishedAt: new Date(Date.now() - DAY) });
      await createRun(dataSource, user.id, {
        distanceMeters: 1000,
        courseId,
        finishedAt: new Date(Date.now() - HOUR),
      });
      await createRun(dataSource, user.id, {
        distanceMeters: 9000,
        isFlagged: true,
        finishedAt: new Date(Date.now() - HOUR),
      });
      await createRun(dataSource, user.id, {
        distanceMeters: 7000,
        finishedAt: new Date(Date.now() - 3 * DAY),
      });

      const first = await as(authorization).post(`/events/${open}/join`).expect(201);
      expect(first.body).toMatchObject({
        progress_distance_meters: 6000,
        progress_runs: 2,
        completed: false,
      });
      const second = await as(authorization).post(`/events/${onCourse}/join`).expect(201);
      expect(second.body).toMatchObject({
        progress_distance_meters: 1000,
        progress_runs: 1,
        completed: false,
      });
    });
  });

  describe('notifications', () => {
    it('tells the organiser who joined, and a runner whose targets are reached on joining', async () => {
      const organiser = await createUserWithToken(dataSource, config);
      const runner = await createUserWithToken(dataSource, config);
      const eventId = await insertEvent({
        creatorId: organiser.user.id,
        targetRuns: 1,
        title: 'One run counts',
      });
      await createRun(dataSource, runner.user.id, { finishedAt: new Date(Date.now() - HOUR) });
      await as(runner.authorization).post(`/events/${eventId}/join`).expect(201);
      // The organiser joining their own event is not notified to themselves.
      await as(organiser.authorization).post(`/events/${eventId}/join`).expect(201);

      const rows = (await dataSource.query(
        `SELECT user_id, actor_id, type, target_id FROM notifications WHERE target_id = $1 ORDER BY type, user_id`,
        [eventId],
      )) as Array<{ user_id: string; actor_id: string | null; type: string }>;
      expect(rows).toEqual([
        { user_id: runner.user.id, actor_id: null, type: 'event_completed', target_id: eventId },
        { user_id: organiser.user.id, actor_id: runner.user.id, type: 'event_joined', target_id: eventId },
      ]);
      const [outbox] = await dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_events WHERE queue = 'notifications'`,
      );
      expect(outbox.n).toBeGreaterThanOrEqual(2);
    });
  });

  describe('GET /events/:id/participants', () => {
    it('lists participants with progress, leaders first, paged', async () => {
      const { authorization } = await createUserWithToken(dataSource, config);
      const eventId = await insertEvent({ targetDistance: 5000 });
      const runners = await Promise.all([0, 1, 2].map(() => createUserWithToken(dataSource, config)));
      await createRun(dataSource, runners[1].user.id, {
        distanceMeters: 6000,
        finishedAt: new Date(Date.now() - HOUR),
      });
      await createRun(dataSource, runners[2].user.id, {
        distanceMeters: 2000,
        finishedAt: new Date(Date.now() - HOUR),
      });
      for (const runner of runners)
        await as(runner.authorization).post(`/events/${eventId}/join`).expect(201);

      const response = await as(authorization).get(`/events/${eventId}/participants?per_page=2`).expect(200);
      expect(response.body.total_count).toBe(3);
      expect(response.body.has_next).toBe(true);
      expect(response.body.data[0]).toEqual({
        user_id: runners[1].user.id,
        nickname: runners[1].user.nickname,
        avatar_url: null,
        progress_distance_meters: 6000,
        progress_runs: 1,
        completed: true,
        completed_at: expect.any(String),
        joined_at: expect.any(String),
      });
      expect(response.body.data[1].user_id).toBe(runners[2].user.id);
      await as(authorization).get('/events/6f0c1d7e-1111-4111-8111-111111111111/participants').expect(404);
    });
  });

  describe('POST /events (create)', () => {
    const valid = () => ({
      title: 'Sunday long run club',
      description: 'Easy pace, everyone welcome',
      starts_at: iso(DAY),
      ends_at: iso(2 * DAY),
      target_distance_meters: 15000,
      meeting_point: 'Yeouido park gate 2',
      center_lat: 37.5259,
      center_lng: 126.9227,
    });

    it('lets a runner create a community event with the default badge (201)', async () => {
      const { user, authorization } = await createUserWithToken(dataSource, config);
      const response = await as(authorization).post('/events', valid()).expect(201);
      expect(response.body).toMatchObject({
        title: 'Sunday long run club',
        event_type: 'challenge',
        creator_id: user.id,
        creator_nickname: user.nickname,
        badge_color: '#FF5252',
        badge_icon: 'trophy',
        participant_count: 0,
        is_participating: false,
        is_active: true,
        target_distance_meters: 15000,
        target_runs: null,
        center_lat: expect.closeTo(37.5259, 6),
        center_lng: expect.closeTo(126.9227, 6),
      });
      const explicitDefaults = await as(authorization)
        .post('/events', { ...valid(), badge_color: '#ff5252', badge_icon: 'trophy' })
        .expect(201);
      expect(explicitDefaults.body.badge_color).toBe('#ff5252');
    });

    it('refuses badge spoofing, overlong and far-off events from runners (422), allows them to admins', async () => {
      const runner = await createUserWithToken(dataSource, config);
      const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
      const cases: Array<[object, string]> = [
        [{ badge_color: '#00C853' }, 'badge_color'],
        [{ badge_icon: 'crown' }, 'badge_icon'],
        [{ ends_at: iso(DAY + (EVENT_LIMITS.USER_EVENT_MAX_DAYS + 1) * DAY) }, 'ends_at'],
        [{ starts_at: iso(100 * DAY), ends_at: iso(101 * DAY) }, 'starts_at'],
        [{ max_participants: EVENT_LIMITS.USER_EVENT_MAX_PARTICIPANTS + 1 }, 'max_participants'],
      ];
      for (const [override, field] of cases) {
        const refused = await as(runner.authorization)
          .post('/events', { ...valid(), ...override })
          .expect(422);
        expect(refused.body.code).toBe('VALIDATION_ERROR');
        expect(refused.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
        await as(admin.authorization)
          .post('/events', { ...valid(), ...override })
          .expect(201);
      }
    });

    it('validates the window and the fields for everyone (422)', async () => {
      const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
      const cases: Array<[object, string]> = [
        [{ ends_at: iso(DAY - HOUR) }, 'ends_at'],
        [{ starts_at: iso(-DAY), ends_at: iso(DAY) }, 'starts_at'],
        [{ starts_at: '2030-01-01T10:00:00' }, 'starts_at'],
        [{ title: 'x' }, 'title'],
        [{ title: undefined }, 'title'],
        [{ event_type: 'party' }, 'event_type'],
        [{ target_runs: 0 }, 'target_runs'],
        [{ center_lat: 37.5, center_lng: null }, 'center_lat'],
        [{ center_lat: 95 }, 'center_lat'],
        [{ course_id: 'nope' }, 'course_id'],
        [{ surprise: true }, 'surprise'],
      ];
      for (const [override, field] of cases) {
        const refused = await as(admin.authorization)
          .post('/events', { ...valid(), ...override })
          .expect(422);
        expect(refused.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      }
      const unknownCourse = await as(admin.authorization)
        .post('/events', { ...valid(), course_id: '6f0c1d7e-1111-4111-8111-111111111111' })
        .expect(404);
      expect(unknownCourse.body.code).toBe('NOT_FOUND');
    });

    it('binds an event to a visible course; a private one only for its creator and admins, a hidden one only for admins', async () => {
      const runner = await createUserWithToken(dataSource, config);
      const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
      const other = await createUserWithToken(dataSource, config);
      const visible = await createCourse(dataSource, other.user.id);
      const hidden = await createCourse(dataSource, other.user.id, { isHidden: true });
      const secret = await createCourse(dataSource, other.user.id, { isPublic: false });
      await as(runner.authorization)
        .post('/events', { ...valid(), course_id: secret })
        .expect(404);
      await as(other.authorization)
        .post('/events', { ...valid(), course_id: secret })
        .expect(201);
      await as(admin.authorization)
        .post('/events', { ...valid(), course_id: secret })
        .expect(201);
      const created = await as(runner.authorization)
        .post('/events', { ...valid(), course_id: visible })
        .expect(201);
      expect(created.body.course_id).toBe(visible);
      await as(runner.authorization)
        .post('/events', { ...valid(), course_id: hidden })
        .expect(404);
      await as(admin.authorization)
        .post('/events', { ...valid(), course_id: hidden })
        .expect(201);
    });

    it(`limits a runner to ${EVENT_LIMITS.USER_EVENTS_PER_DAY} events a day (400 EVENT_RATE_LIMIT), not admins`, async () => {
      const runner = await createUserWithToken(dataSource, config);
      const results = await Promise.all(
        Array.from({ length: EVENT_LIMITS.USER_EVENTS_PER_DAY + 2 }, () =>
          as(runner.authorization).post('/events', valid()),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(EVENT_LIMITS.USER_EVENTS_PER_DAY);
      expect(results.filter((r) => r.status === 400).every((r) => r.body.code === 'EVENT_RATE_LIMIT')).toBe(
        true,
      );
      expect(statuses.filter((s) => s === 400)).toHaveLength(2);

      const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
      for (let i = 0; i < EVENT_LIMITS.USER_EVENTS_PER_DAY + 1; i++)
        await as(admin.authorization).post('/events', valid()).expect(201);
    });

    it(`limits a runner to ${EVENT_LIMITS.USER_OPEN_EVENTS_MAX} open events`, async () => {
      const runner = await createUserWithToken(dataSource, config);
      // Older events (created more than a day ago) that are still running count towards the cap.
      for (let i = 0; i < EVENT_LIMITS.USER_OPEN_EVENTS_MAX; i++) {
        const id = await insertEvent({ creatorId: runner.user.id });
        await dataSource.query(`UPDATE events SET created_at = now() - interval '3 days' WHERE id = $1`, [
          id,
        ]);
      }
      expect((await as(runner.authorization).post('/events', valid()).expect(400)).body.code).toBe(
        'EVENT_RATE_LIMIT',
      );
    });
  });

  describe('PATCH /events/:id and DELETE /events/:id', () => {
    const create = async (authorization: string, body: object = {}) =>
      (
        await as(authorization)
          .post('/events', {
            title: 'Tuesday intervals',
            starts_at: iso(DAY),
            ends_at: iso(3 * DAY),
            ...body,
          })
          .expect(201)
      ).body.id as string;

    it('lets the organiser edit their event, not other runners (403); admins edit any', async () => {
      const organiser = await createUserWithToken(dataSource, config);
      const stranger = await createUserWithToken(dataSource, config);
      const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
      const eventId = await create(organiser.authorization);

      const edited = await as(organiser.authorization)
        .patch(`/events/${eventId}`, { title: 'Tuesday hills', description: null, target_runs: 2 })
        .expect(200);
      expect(edited.body).toMatchObject({ title: 'Tuesday hills', description: null, target_runs: 2 });
      expect(
        (await as(stranger.authorization).patch(`/events/${eventId}`, { title: 'Mine now' }).expect(403)).body
          .code,
      ).toBe('FORBIDDEN');
      const official = await as(admin.authorization)
        .patch(`/events/${eventId}`, { badge_color: '#00C853', badge_icon: 'medal' })
        .expect(200);
      expect(official.body).toMatchObject({
        badge_color: '#00C853',
        badge_icon: 'medal',
        title: 'Tuesday hills',
      });
      // The organiser cannot put a custom badge back on by themselves.
      await as(organiser.authorization).patch(`/events/${eventId}`, { badge_icon: 'star' }).expect(422);
      await as(organiser.authorization)
        .patch('/events/6f0c1d7e-1111-4111-8111-111111111111', { title: 'x y' })
        .expect(404);
    });

    it('freezes the start and targets of a started event for its organiser, recomputes progress on admin edits', async () => {
      const organiser = await createUserWithToken(dataSource, config);
      const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
      const eventId = await insertEvent({ creatorId: organiser.user.id, targetDistance: 10_000 });
      await createRun(dataSource, organiser.user.id, {
        distanceMeters: 6000,
        finishedAt: new Date(Date.now() - HOUR),
      });
      await as(organiser.authorization).post(`/events/${eventId}/join`).expect(201);

      const frozen = await as(organiser.authorization)
        .patch(`/events/${eventId}`, { target_distance_meters: 5000 })
        .expect(422);
      expect(frozen.body.details.fields[0].field).toBe('target_distance_meters');
      await as(organiser.authorization)
        .patch(`/events/${eventId}`, { meeting_point: 'Banpo bridge' })
        .expect(200);

      const lowered = await as(admin.authorization)
        .patch(`/events/${eventId}`, { target_distance_meters: 5000 })
        .expect(200);
      expect(lowered.body.target_distance_meters).toBe(5000);
      const mine = await as(organiser.authorization).get(`/events/${eventId}`).expect(200);
      expect(mine.body).toMatchObject({ my_progress_distance_meters: 6000, my_completed: true });
    });

    it('refuses a capacity below the current participants (422)', async () => {
      const organiser = await createUserWithToken(dataSource, config);
      const eventId = await create(organiser.authorization);
      for (const runner of await Promise.all([0, 1].map(() => createUserWithToken(dataSource, config)))) {
        await as(runner.authorization).post(`/events/${eventId}/join`).expect(201);
      }
      await as(organiser.authorization).patch(`/events/${eventId}`, { max_participants: 1 }).expect(422);
      await as(organiser.authorization).patch(`/events/${eventId}`, { max_participants: 2 }).expect(200);
    });

    it('cancels (organiser or admin, 204): gone from lists, joins refused, edits conflict', async () => {
      const organiser = await createUserWithToken(dataSource, config);
      const stranger = await createUserWithToken(dataSource, config);
      const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
      const mine = await create(organiser.authorization);
      const other = await create(organiser.authorization);

      expect((await as(stranger.authorization).delete(`/events/${mine}`).expect(403)).body.code).toBe(
        'FORBIDDEN',
      );
      await as(organiser.authorization).delete(`/events/${mine}`).expect(204);
      await as(admin.authorization).delete(`/events/${other}`).expect(204);
      const listed = await as(stranger.authorization).get('/events?per_page=100').expect(200);
      expect(listed.body.data.map((e: { id: string }) => e.id)).not.toContain(mine);
      expect((await as(stranger.authorization).get(`/events/${mine}`).expect(200)).body).toMatchObject({
        is_active: false,
        cancelled_at: expect.any(String),
        cancel_reason: 'cancelled',
        course_deleted_at: null,
      });
      expect((await as(stranger.authorization).post(`/events/${mine}/join`).expect(422)).body.code).toBe(
        'EVENT_ENDED',
      );
      expect(
        (await as(organiser.authorization).patch(`/events/${mine}`, { title: 'Back on' }).expect(409)).body
          .code,
      ).toBe('CONFLICT');
      await as(organiser.authorization).delete(`/events/${mine}`).expect(204);
    });
  });
});
