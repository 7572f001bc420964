import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { geodesicMeters } from '@runvs/geo';
import {
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { runThroughApi, trackAlong } from '../runs/run-helpers';

/** A 2 km run heading east from "home" (a flat near Seoul Forest), a vertex every 20 m. */
const HOME: [number, number] = [127.04, 37.544];
const ROUTE = lineFrom(HOME, 101, 20, 90);
const MIDDLE = ROUTE[50];
const HOME_ZONE = { lat: HOME[1], lng: HOME[0], radius_meters: 300 };
const MIDDLE_ZONE = { lat: MIDDLE[1], lng: MIDDLE[0], radius_meters: 150 };

const metersFrom = (zone: { lat: number; lng: number }, [lng, lat]: number[]) =>
  geodesicMeters(lat, lng, zone.lat, zone.lng);

/**
 * Privacy zones end to end: the list API, and every place someone else sees a runner's run — run
 * detail for followers, feed previews, heatmap — with the line cut at the zones; the owner's own
 * view complete; a course through a zone published whole with a warning; matching on the full track.
 */
describe('privacy zones', () => {
  let stack: TestStack;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({ worker: true });
    ({ config, api, worker, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const http = () => request(api.getHttpServer());
  const zonesOf = (authorization: string) =>
    http().get('/api/v1/users/me/privacy-zones').set('Authorization', authorization);
  const putZones = (authorization: string, body: unknown) =>
    http()
      .put('/api/v1/users/me/privacy-zones')
      .set('Authorization', authorization)
      .send(body as object);
  const heatmapPointsNear = async (
    runId: string,
    zone: { lat: number; lng: number; radius_meters: number },
  ) =>
    Number(
      (
        await dataSource.query(
          `SELECT count(*) AS n FROM heatmap_points
            WHERE run_record_id = $1 AND ST_DWithin(point::geography, ST_MakePoint($2, $3)::geography, $4)`,
          [runId, zone.lng, zone.lat, zone.radius_meters],
        )
      )[0].n,
    );

  describe('GET/PUT /users/me/privacy-zones', () => {
    it('replaces and reads the whole list', async () => {
      const me = await createUserWithToken(dataSource, config);
      expect((await zonesOf(me.authorization).expect(200)).body).toEqual([]);
      const stored = await putZones(me.authorization, [HOME_ZONE, MIDDLE_ZONE]).expect(200);
      expect(stored.body).toEqual([HOME_ZONE, MIDDLE_ZONE]);
      expect((await zonesOf(me.authorization).expect(200)).body).toEqual([HOME_ZONE, MIDDLE_ZONE]);
      await putZones(me.authorization, [MIDDLE_ZONE]).expect(200);
      expect((await zonesOf(me.authorization).expect(200)).body).toEqual([MIDDLE_ZONE]);
      await putZones(me.authorization, []).expect(200);
      expect((await zonesOf(me.authorization).expect(200)).body).toEqual([]);
    });

    it('refuses bad lists with 422 naming the fields, and keeps the stored list', async () => {
      const me = await createUserWithToken(dataSource, config);
      await putZones(me.authorization, [HOME_ZONE]).expect(200);
      const six = await putZones(me.authorization, Array(6).fill(HOME_ZONE)).expect(422);
      expect(six.body).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [{ field: 'body' }] } });
      const bad = await putZones(me.authorization, [
        { lat: 37.5, lng: 127, radius_meters: 99 },
        { lat: 95, lng: 127, radius_meters: 200 },
        { lat: 37.5, lng: 127, radius_meters: 1001 },
      ]).expect(422);
      expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
        '[0].radius_meters',
        '[1].lat',
        '[2].radius_meters',
      ]);
      await putZones(me.authorization, { lat: 37.5, lng: 127, radius_meters: 200 }).expect(422);
      const malformed = await http()
        .put('/api/v1/users/me/privacy-zones')
        .set('Authorization', me.authorization)
        .set('Content-Type', 'application/json')
        .send('[{"lat": 37.5,');
      expect(malformed.status).toBe(400);
      expect((await zonesOf(me.authorization).expect(200)).body).toEqual([HOME_ZONE]);
      await http().get('/api/v1/users/me/privacy-zones').expect(401);
    });
  });

  describe('what others see of my runs', () => {
    let owner: Awaited<ReturnType<typeof createUserWithToken>>;
    let follower: Awaited<ReturnType<typeof createUserWithToken>>;
    let stranger: Awaited<ReturnType<typeof createUserWithToken>>;
    let runId: string;

    beforeAll(async () => {
      owner = await createUserWithToken(dataSource, config);
      follower = await createUserWithToken(dataSource, config);
      stranger = await createUserWithToken(dataSource, config);
      await http()
        .post(`/api/v1/users/${owner.user.id}/follow`)
        .set('Authorization', follower.authorization)
        .expect(201);
      const { complete } = await runThroughApi(api, owner.authorization, trackAlong(ROUTE, { speedMs: 3 }));
      runId = complete.run_record_id;
      await waitForQueuesDrained(worker);
    });

    it('before any zone: followers see the whole route and the heatmap has the run near home', async () => {
      const seen = await http()
        .get(`/api/v1/runs/${runId}`)
        .set('Authorization', follower.authorization)
        .expect(200);
      expect(seen.body).toMatchObject({ id: runId, route_redacted: false, client_summary: null });
      expect(seen.body.route_geometry.type).toBe('LineString');
      expect(await heatmapPointsNear(runId, HOME_ZONE)).toBeGreaterThan(0);
      expect(await heatmapPointsNear(runId, MIDDLE_ZONE)).toBeGreaterThan(0);
    });

    it('with zones: the route is cut at the zones for followers, complete for the owner, hidden from strangers', async () => {
      await putZones(owner.authorization, [HOME_ZONE, MIDDLE_ZONE]).expect(200);

      const mine = await http()
        .get(`/api/v1/runs/${runId}`)
        .set('Authorization', owner.authorization)
        .expect(200);
      expect(mine.body.route_geometry.type).toBe('LineString');
      expect(mine.body.route_geometry.coordinates.length).toBeGreaterThan(100);
      expect(metersFrom(HOME_ZONE, mine.body.route_geometry.coordinates[0])).toBeLessThan(5);
      expect(mine.body).not.toHaveProperty('route_redacted');

      const seen = await http()
        .get(`/api/v1/runs/${runId}`)
        .set('Authorization', follower.authorization)
        .expect(200);
      expect(seen.body.route_redacted).toBe(true);
      expect(seen.body.route_geometry.type).toBe('MultiLineString');
      const pieces = seen.body.route_geometry.coordinates as number[][][];
      expect(pieces).toHaveLength(2); // home cut off the start, the middle zone splits the rest in two
      for (const point of pieces.flat()) {
        expect(metersFrom(HOME_ZONE, point)).toBeGreaterThan(299.5);
        expect(metersFrom(MIDDLE_ZONE, point)).toBeGreaterThan(149.5);
      }
      // Not bridged: the first piece ends at the middle zone's edge, the second starts at its far edge.
      expect(metersFrom(MIDDLE_ZONE, pieces[0][pieces[0].length - 1])).toBeLessThan(151);
      expect(metersFrom(MIDDLE_ZONE, pieces[1][0])).toBeLessThan(151);
      expect(seen.body.distance_meters).toBe(mine.body.distance_meters);

      await http().get(`/api/v1/runs/${runId}`).set('Authorization', stranger.authorization).expect(404);
    });

    it('the feed preview is cut the same way', async () => {
      const feed = await http()
        .get('/api/v1/follows/activity-feed')
        .set('Authorization', follower.authorization)
        .expect(200);
      const item = feed.body.data.find((i: { run_id: string }) => i.run_id === runId);
      expect(item.route_preview_segments.length).toBeGreaterThanOrEqual(1);
      for (const point of (item.route_preview_segments as number[][][]).flat()) {
        expect(metersFrom(HOME_ZONE, point)).toBeGreaterThan(299.5);
        expect(metersFrom(MIDDLE_ZONE, point)).toBeGreaterThan(149.5);
      }
    });

    it('changing the zones re-renders the heatmap contribution (privacy-rerender job)', async () => {
      await waitForQueuesDrained(worker);
      expect(await heatmapPointsNear(runId, HOME_ZONE)).toBe(0);
      expect(await heatmapPointsNear(runId, MIDDLE_ZONE)).toBe(0);
      const heatmap = await http()
        .get('/api/v1/heatmap')
        .query({
          sw_lat: MIDDLE[1] - 0.001,
          sw_lng: MIDDLE[0] - 0.001,
          ne_lat: MIDDLE[1] + 0.001,
          ne_lng: MIDDLE[0] + 0.001,
        })
        .expect(200);
      for (const cell of heatmap.body as Array<{ lat: number; lng: number }>) {
        expect(metersFrom(MIDDLE_ZONE, [cell.lng, cell.lat])).toBeGreaterThan(100);
      }
      await putZones(owner.authorization, [HOME_ZONE]).expect(200);
      await waitForQueuesDrained(worker);
      expect(await heatmapPointsNear(runId, MIDDLE_ZONE)).toBeGreaterThan(0);
      expect(await heatmapPointsNear(runId, HOME_ZONE)).toBe(0);
    });

    it('a blocked follower sees nothing', async () => {
      await http()
        .post(`/api/v1/users/${follower.user.id}/block`)
        .set('Authorization', owner.authorization)
        .expect(201);
      await http().get(`/api/v1/runs/${runId}`).set('Authorization', follower.authorization).expect(404);
    });
  });

  describe('courses', () => {
    it('publishes a line through my zone whole, with a warning; matching uses the full track', async () => {
      const creator = await createUserWithToken(dataSource, config);
      const { complete } = await runThroughApi(api, creator.authorization, trackAlong(ROUTE, { speedMs: 3 }));
      await waitForQueuesDrained(worker);
      await putZones(creator.authorization, [HOME_ZONE]).expect(200);
      const created = await http()
        .post('/api/v1/courses')
        .set('Authorization', creator.authorization)
        .send({
          run_record_id: complete.run_record_id,
          title: 'From home',
          route_geometry: { type: 'LineString', coordinates: ROUTE },
          distance_meters: 2000,
          estimated_duration_seconds: 700,
        })
        .expect(201);
      expect(created.body.privacy_warning).toEqual({
        code: 'ROUTE_ENTERS_PRIVACY_ZONE',
        message: expect.any(String),
        zone_indexes: [0],
      });
      const [course] = await dataSource.query(
        `SELECT ST_NPoints(route_geometry::geometry) AS points FROM courses WHERE id = $1`,
        [created.body.id],
      );
      expect(course.points).toBe(ROUTE.length);

      // The creator runs the course again, starting inside the zone: matched on the full track.
      const { complete: again } = await runThroughApi(
        api,
        creator.authorization,
        trackAlong(ROUTE, { speedMs: 3.2, startMs: Date.now() - 1_800_000 }),
        { courseId: created.body.id },
      );
      await waitForQueuesDrained(worker);
      const [run] = await dataSource.query(
        `SELECT course_completed, route_match_percent FROM run_records WHERE id = $1`,
        [again.run_record_id],
      );
      expect(run).toEqual({ course_completed: true, route_match_percent: 100 });

      const elsewhere = await createUserWithToken(dataSource, config);
      const { complete: other } = await runThroughApi(api, elsewhere.authorization, trackAlong(ROUTE));
      const plain = await http()
        .post('/api/v1/courses')
        .set('Authorization', elsewhere.authorization)
        .send({
          run_record_id: other.run_record_id,
          title: 'Same line, no zone',
          route_geometry: { type: 'LineString', coordinates: ROUTE },
          distance_meters: 2000,
          estimated_duration_seconds: 700,
        })
        .expect(201);
      expect(plain.body.privacy_warning).toBeNull();
    });
  });
});
