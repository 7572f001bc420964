import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
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
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

const DAY = 86_400_000;
const UNKNOWN = '5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11';
/** 1.5 km due north, a vertex every 50 m. */
const LINE = lineFrom([127.045, 37.515], 31, 50);
const REVERSED = [...LINE].reverse();
const east = (meters: number) => meters / 111_320 / Math.cos((37.52 * Math.PI) / 180);

/**
 * PATCH /courses/{id}/route end to end: the creator corrects the line (here: it was drawn the
 * wrong way round), the worker re-judges every effort against the new line, the board, stats and
 * a bound event follow, and the runner whose effort stopped counting is told why.
 */
describe('PATCH /courses/{id}/route', () => {
  let stack: TestStack;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true, env: { PUBLIC_BASE_URL: 'https://api.runvs.test' } });
    ({ api, worker, config, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const as = (authorization: string) => asUser(api, authorization);
  const line = (coordinates: Array<[number, number]>) => ({ type: 'LineString' as const, coordinates });
  const one = async (sql: string, params: unknown[]) =>
    ((await dataSource.query(sql, params)) as Array<Record<string, unknown>>)[0];

  it('re-judges every effort against the corrected line: board, stats, event and notices follow', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const forward = await createUserWithToken(dataSource, config, { nickname: 'forward' });
    const backward = await createUserWithToken(dataSource, config, { nickname: 'backward' });
    const creatorRun = await createRunRecord(dataSource, creator.user.id, LINE, { distanceMeters: 1500 });
    // Typed by the OpenAPI document (test/support/typed-api.ts): paths, bodies, statuses, answers.
    const created = await as(creator.authorization)
      .api.post('/courses', {
        body: {
          run_record_id: creatorRun,
          title: 'Wrong-way 1.5K',
          route_geometry: line(LINE),
          distance_meters: 1500,
          estimated_duration_seconds: 600,
        },
      })
      .returns(201);
    const course = created.id;
    const [{ id: event }] = await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, course_id, target_runs) VALUES ('Line week', $1, $2, $3, 1) RETURNING id`,
      [new Date(Date.now() - 2 * DAY), new Date(Date.now() + 5 * DAY), course],
    );
    for (const who of [forward, backward])
      await as(who.authorization).post(`/events/${event}/join`, {}).expect(201);

    const ran = await runThroughApi(
      api,
      forward.authorization,
      trackAlong(LINE, { startMs: Date.now() - DAY }),
      {
        courseId: course,
      },
    );
    const wrongWay = await runThroughApi(
      api,
      backward.authorization,
      trackAlong(REVERSED, { startMs: Date.now() - DAY + 60_000 }),
      { courseId: course },
    );
    await waitForQueuesDrained(worker);
    const board = async () =>
      (
        await asUser(api)
          .api.get('/courses/{id}/rankings', { path: { id: course } })
          .returns(200)
      ).data.map((entry) => entry.user.id);
    expect(await board()).toEqual([forward.user.id, creator.user.id]);
    const thumbnailBefore = (await one(`SELECT thumbnail_url FROM courses WHERE id = $1`, [course]))
      .thumbnail_url as string;
    expect(thumbnailBefore).toEqual(expect.stringContaining('/uploads/thumbnails/'));
    const progress = async (userId: string) =>
      (
        await one(`SELECT progress_runs FROM event_participants WHERE event_id = $1 AND user_id = $2`, [
          event,
          userId,
        ])
      ).progress_runs;
    expect(await progress(forward.user.id)).toBe(1);
    expect(await progress(backward.user.id)).toBe(0);

    // The creator drew it the wrong way round: the same line, reversed.
    const corrected = await as(creator.authorization)
      .api.patch('/courses/{id}/route', { path: { id: course }, body: { route_geometry: line(REVERSED) } })
      .returns(200);
    expect(corrected).toEqual({
      id: course,
      distance_meters: expect.any(Number),
      corrected: true,
      route_revision: 1,
      difficulty: expect.any(String),
      privacy_warning: null,
    });
    expect(Math.abs(corrected.distance_meters - 1500)).toBeLessThan(5);
    await waitForQueuesDrained(worker);

    const detail = await as(creator.authorization)
      .api.get('/courses/{id}', { path: { id: course } })
      .returns(200);
    expect(detail.route_geometry.coordinates[0].slice(0, 2)).toEqual(
      REVERSED[0].map((v) => expect.closeTo(v, 6)),
    );
    const lost = await one(
      `SELECT course_completed, is_ranking_eligible, course_completion FROM run_records WHERE id = $1`,
      [ran.complete.run_record_id],
    );
    expect(lost).toMatchObject({ course_completed: false, is_ranking_eligible: false });
    const won = await one(`SELECT course_completed, is_ranking_eligible FROM run_records WHERE id = $1`, [
      wrongWay.complete.run_record_id,
    ]);
    expect(won).toEqual({ course_completed: true, is_ranking_eligible: true });
    // The creator's own run followed the old direction too.
    expect(await board()).toEqual([backward.user.id]);
    expect(
      await one(`SELECT total_runs, unique_runners FROM course_stats WHERE course_id = $1`, [course]),
    ).toMatchObject({
      unique_runners: 1,
    });
    expect(await progress(forward.user.id)).toBe(0);
    expect(await progress(backward.user.id)).toBe(1);

    // Told why, once; the runner whose effort now counts is not told anything.
    const inbox = (await as(forward.authorization).get('/notifications').expect(200)).body.data.filter(
      (n: { type: string }) => n.type === 'course_effort_revoked',
    );
    expect(inbox).toEqual([
      expect.objectContaining({
        target_type: 'course',
        target_id: course,
        actor: null,
        data: expect.objectContaining({ run_record_id: ran.complete.run_record_id }),
      }),
    ]);
    const reasons = (lost.course_completion as { reasons: Array<{ code: string; message: string }> }).reasons;
    expect(reasons.length).toBeGreaterThan(0);
    expect(inbox[0].data.reasons).toEqual(reasons.map((reason) => reason.code));
    expect(inbox[0].body).toContain(reasons[0].message);
    const backwardInbox = (await as(backward.authorization).get('/notifications').expect(200)).body.data;
    expect(backwardInbox.filter((n: { type: string }) => n.type === 'course_effort_revoked')).toEqual([]);

    // The thumbnail is drawn again for the new line; the old file is gone.
    const thumbnailAfter = (await one(`SELECT thumbnail_url, thumbnail_status FROM courses WHERE id = $1`, [
      course,
    ])) as {
      thumbnail_url: string;
      thumbnail_status: string;
    };
    expect(thumbnailAfter.thumbnail_status).toBe('ready');
    expect(thumbnailAfter.thumbnail_url).not.toBe(thumbnailBefore);
    const oldKey = new URL(thumbnailBefore).pathname.replace(/^\/uploads\//, '');
    expect(existsSync(join(config.storage.localDir, oldKey))).toBe(false);
    expect(await dataSource.query(`SELECT 1 FROM stored_files WHERE storage_key = $1`, [oldKey])).toEqual([]);
  });

  it('only the creator corrects, within 50 m of the current line; refusals change nothing', async () => {
    const creator = await createUserWithToken(dataSource, config);
    const other = await createUserWithToken(dataSource, config);
    const course = await createCourse(dataSource, creator.user.id, { coordinates: LINE });
    const hidden = await createCourse(dataSource, creator.user.id, { coordinates: LINE, isPublic: false });
    const nudged = LINE.map(([lng, lat], i) => [lng + (i % 3 === 0 ? east(30) : 0), lat] as [number, number]);

    const denied = await as(other.authorization).patch(`/courses/${course}/route`, {
      route_geometry: line(nudged),
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('PERMISSION_DENIED');
    expect(
      (await as(other.authorization).patch(`/courses/${hidden}/route`, { route_geometry: line(nudged) }))
        .status,
    ).toBe(404);
    expect(
      (await as(creator.authorization).patch(`/courses/${UNKNOWN}/route`, { route_geometry: line(nudged) }))
        .status,
    ).toBe(404);
    expect(
      (await as(creator.authorization).patch('/courses/nope/route', { route_geometry: line(nudged) })).status,
    ).toBe(422);

    const tooFar = LINE.map(([lng, lat], i) => [lng + (i === 12 ? east(200) : 0), lat] as [number, number]);
    const far = await as(creator.authorization).patch(`/courses/${course}/route`, {
      route_geometry: line(tooFar),
    });
    expect(far.status).toBe(422);
    expect(far.body.details.fields).toEqual([
      {
        field: 'route_geometry.coordinates[12]',
        messages: [expect.stringMatching(/is 200 m from the course's line/)],
      },
    ]);
    for (const [body, field] of [
      [{ route_geometry: line([LINE[0]]) }, 'route_geometry.coordinates'],
      [{ route_geometry: { type: 'Point', coordinates: LINE[0] } }, 'route_geometry.type'],
      [{ route_geometry: line([LINE[0], [200, 37.5]]) }, 'route_geometry.coordinates[1]'],
      [{}, 'route_geometry'],
      [{ route_geometry: 'LINESTRING(0 0, 1 1)' }, 'route_geometry'],
    ] as const) {
      const refused = await as(creator.authorization).patch(`/courses/${course}/route`, body);
      expect({
        status: refused.status,
        fields: refused.body.details?.fields?.map((f: { field: string }) => f.field),
      }).toEqual({
        status: 422,
        fields: expect.arrayContaining([field]),
      });
    }
    expect(await one(`SELECT route_revision FROM courses WHERE id = $1`, [course])).toEqual({
      route_revision: 0,
    });
    expect(
      await dataSource.query(
        `SELECT 1 FROM outbox_events WHERE queue = 'course-rejudge' AND payload->>'courseId' = $1`,
        [course],
      ),
    ).toEqual([]);

    // Within 50 m: accepted; a second correction is revision 2.
    await as(creator.authorization)
      .patch(`/courses/${course}/route`, { route_geometry: line(nudged) })
      .expect(200);
    const again = await as(creator.authorization)
      .patch(`/courses/${course}/route`, { route_geometry: line(LINE) })
      .expect(200);
    expect(again.body.route_revision).toBe(2);
    await waitForQueuesDrained(worker);
  });
});
