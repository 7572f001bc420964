import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { EventProgressService } from '@runvs/events';
import {
  createCourse,
  createRunRecord,
  createUserWithToken,
  lineFrom,
  asUser,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import type { DataSource } from 'typeorm';
import type { FakeFcm } from '../fakes/fake-fcm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

const DAY = 86_400_000;
const LINE = lineFrom([127.02, 37.51], 40, 25);

/**
 * A course-bound event whose course is deleted (by its creator, an admin or the creator's account
 * deletion) is cancelled: participants and organiser get an inbox entry and a push, its progress
 * freezes (later runs anywhere do not count), and it reads as cancelled.
 */
describe('events of a deleted course', () => {
  let stack: TestStack;
  let fcm: FakeFcm;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true, fcm: true });
    ({ fcm, config, api, worker, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const as = (authorization: string) => asUser(api, authorization);
  const runner = (nickname?: string) => createUserWithToken(dataSource, config, nickname ? { nickname } : {});
  const insertEvent = async (values: {
    courseId: string | null;
    creatorId: string | null;
    title: string;
    startsAt?: Date;
    endsAt?: Date;
  }) => {
    const [row] = (await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, course_id, creator_id, target_runs)
       VALUES ($1, $2, $3, $4, $5, 3) RETURNING id`,
      [
        values.title,
        values.startsAt ?? new Date(Date.now() - 2 * DAY),
        values.endsAt ?? new Date(Date.now() + 5 * DAY),
        values.courseId,
        values.creatorId,
      ],
    )) as Array<{ id: string }>;
    return row.id;
  };
  /** A completed run of `userId` on the course, finished `hoursAgo` hours ago. */
  const courseRun = (userId: string, courseId: string, hoursAgo: number) =>
    createRunRecord(dataSource, userId, LINE, {
      startedAt: new Date(Date.now() - hoursAgo * 3_600_000 - 1_800_000),
      courseId,
      courseCompleted: true,
      distanceMeters: 1000,
      // counted by its pipeline already: recounts take it
      eventsAt: new Date(),
      pipelineCompletedAt: new Date(),
    });
  const progressOf = async (eventId: string) =>
    (await dataSource.query(
      `SELECT user_id, progress_distance_meters AS distance, progress_runs AS runs FROM event_participants
        WHERE event_id = $1 ORDER BY user_id`,
      [eventId],
    )) as Array<{ user_id: string; distance: number; runs: number }>;
  const inboxTypes = async (authorization: string) =>
    ((await as(authorization).get('/notifications').expect(200)).body.data as Array<{ type: string }>).map(
      (n) => n.type,
    );

  it('the creator deletes the course: the running event is cancelled, participants told, progress frozen', async () => {
    const creator = await runner('maker');
    const organiser = await runner('host');
    const ana = await runner('ana');
    const ben = await runner('ben');
    const course = await createCourse(dataSource, creator.user.id, { coordinates: LINE, title: 'River 1K' });
    const running = await insertEvent({
      courseId: course,
      creatorId: organiser.user.id,
      title: 'River week',
    });
    const ended = await insertEvent({
      courseId: course,
      creatorId: organiser.user.id,
      title: 'Last month',
      startsAt: new Date(Date.now() - 40 * DAY),
      endsAt: new Date(Date.now() - 10 * DAY),
    });
    const elsewhere = await insertEvent({ courseId: null, creatorId: organiser.user.id, title: 'Anywhere' });
    await courseRun(ana.user.id, course, 20);
    await courseRun(ana.user.id, course, 10);
    await courseRun(ben.user.id, course, 5);
    for (const who of [ana, ben, creator])
      await as(who.authorization).post(`/events/${running}/join`).expect(201);
    await dataSource.query(
      `INSERT INTO event_participants (event_id, user_id, progress_distance_meters, progress_runs)
       VALUES ($1, $2, 4000, 4)`,
      [ended, ana.user.id],
    );
    const anaPhone = `ana-phone-${ana.user.id}`;
    await as(ana.authorization)
      .post('/notifications/token', { device_token: anaPhone, platform: 'ios' })
      .expect(201);
    const before = await progressOf(running);
    expect(before.find((row) => row.user_id === ana.user.id)).toMatchObject({ distance: 2000, runs: 2 });

    await as(creator.authorization).delete(`/courses/${course}`).expect(204);

    const detail = await as(ana.authorization).get(`/events/${running}`).expect(200);
    expect(detail.body).toMatchObject({
      id: running,
      course_id: null,
      is_active: false,
      cancel_reason: 'course_deleted',
      cancelled_at: expect.any(String),
      course_deleted_at: expect.any(String),
      my_progress_distance_meters: 2000,
      my_progress_runs: 2,
    });
    const endedDetail = await as(ana.authorization).get(`/events/${ended}`).expect(200);
    expect(endedDetail.body).toMatchObject({
      course_id: null,
      cancel_reason: null,
      cancelled_at: null,
      course_deleted_at: expect.any(String),
      my_progress_distance_meters: 4000,
    });
    expect((await as(ana.authorization).get(`/events/${elsewhere}`).expect(200)).body).toMatchObject({
      is_active: true,
      cancel_reason: null,
    });
    const listed = (await as(ana.authorization).get('/events').expect(200)).body.data.map(
      (e: { id: string }) => e.id,
    );
    expect(listed).toContain(elsewhere);
    expect(listed).not.toContain(running);

    await waitForQueuesDrained(worker);
    // Participants and the organiser are told; the creator who deleted it is not.
    for (const who of [ana, ben, organiser])
      expect(await inboxTypes(who.authorization)).toContain('event_cancelled');
    expect(await inboxTypes(creator.authorization)).not.toContain('event_cancelled');
    const [notice] = (await as(ana.authorization).get('/notifications').expect(200)).body.data.filter(
      (n: { type: string }) => n.type === 'event_cancelled',
    );
    expect(notice).toMatchObject({
      target_type: 'event',
      target_id: running,
      actor: { id: creator.user.id },
      data: { reason: 'course_deleted' },
    });
    expect(fcm.deliveredTo(anaPhone).map((push) => push.data?.type)).toContain('event_cancelled');

    // Progress is frozen: a new run anywhere, through the whole pipeline, counts for nothing…
    await runThroughApi(
      api,
      ana.authorization,
      trackAlong(lineFrom([126.9, 37.45], 30, 40), { startMs: Date.now() - 600_000 }),
    );
    await waitForQueuesDrained(worker);
    expect(await progressOf(running)).toEqual(before);
    // …and whoever asks for a recomputation of either event, nothing moves.
    await dataSource.transaction((manager) =>
      api.get(EventProgressService).recompute(manager, [running, ended], null),
    );
    expect(await progressOf(running)).toEqual(before);
    expect((await progressOf(ended))[0]).toMatchObject({ distance: 4000, runs: 4 });

    // It cannot be joined or edited any more.
    const late = await runner();
    expect((await as(late.authorization).post(`/events/${running}/join`).expect(422)).body.code).toBe(
      'EVENT_ENDED',
    );
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    expect(
      (await as(admin.authorization).patch(`/events/${ended}`, { title: 'Renamed' }).expect(409)).body.code,
    ).toBe('CONFLICT');
  });

  it('an admin deleting the course cancels its events too, telling every participant', async () => {
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    const creator = await runner();
    const cat = await runner('cat');
    const course = await createCourse(dataSource, creator.user.id, { coordinates: LINE });
    const event = await insertEvent({ courseId: course, creatorId: null, title: 'Official week' });
    await as(cat.authorization).post(`/events/${event}/join`).expect(201);

    await as(admin.authorization).delete(`/admin/courses/${course}`).expect(204);
    expect((await as(cat.authorization).get(`/events/${event}`).expect(200)).body).toMatchObject({
      is_active: false,
      cancel_reason: 'course_deleted',
      course_id: null,
    });
    await waitForQueuesDrained(worker);
    const [notice] = (await as(cat.authorization).get('/notifications').expect(200)).body.data;
    expect(notice).toMatchObject({ type: 'event_cancelled', actor: null, target_id: event });
  });

  it("the creator's account deletion cancels the events on their courses", async () => {
    const leaver = await runner();
    const dan = await runner('dan');
    const course = await createCourse(dataSource, leaver.user.id, { coordinates: LINE });
    const event = await insertEvent({ courseId: course, creatorId: dan.user.id, title: "Dan's cup" });
    await as(dan.authorization).post(`/events/${event}/join`).expect(201);

    await as(leaver.authorization).delete('/users/me').expect(200, { deleted: true });
    expect((await as(dan.authorization).get(`/events/${event}`).expect(200)).body).toMatchObject({
      is_active: false,
      cancel_reason: 'course_deleted',
      course_id: null,
      is_participating: true,
    });
    await waitForQueuesDrained(worker);
    // Dan is both organiser and participant: told once.
    expect(await inboxTypes(dan.authorization)).toEqual(['event_cancelled']);
  });

  it('the database refuses to delete a course an event is still bound to', async () => {
    const creator = await runner();
    const course = await createCourse(dataSource, creator.user.id, { coordinates: LINE });
    await insertEvent({ courseId: course, creatorId: null, title: 'Bound' });
    await expect(dataSource.query(`DELETE FROM courses WHERE id = $1`, [course])).rejects.toMatchObject({
      code: '23503',
    });
  });
});
