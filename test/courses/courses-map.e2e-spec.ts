import type { INestApplication } from '@nestjs/common';
import { createCourse, createUser, lineFrom, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const at = (lng: number, lat: number) => lineFrom([lng, lat], 20, 10);
const HERE: [number, number] = [127.0, 37.5];
const north = (meters: number) => at(HERE[0], HERE[1] + meters / 111_320);

describe('map queries: GET /courses/nearby and /courses/bounds', () => {
  let stack: TestStack;
  let app: INestApplication;
  let dataSource: DataSource;
  let creatorId: string;

  beforeAll(async () => {
    stack = await startStack();
    ({ api: app, dataSource } = stack);
    creatorId = (await createUser(dataSource, { nickname: 'mapper' })).id;
  });

  afterAll(() => stack?.close());

  const http = () => request(app.getHttpServer());
  const clear = () => dataSource.query(`DELETE FROM courses`);
  const titles = (rows: Array<{ title: string }>) => rows.map((row) => row.title);

  describe('nearby', () => {
    const nearby = (query: Record<string, unknown>) => http().get('/api/v1/courses/nearby').query(query);

    it('answers listed courses within the radius, nearest first, up to the limit', async () => {
      await clear();
      await createCourse(dataSource, creatorId, { title: '4 km', coordinates: north(4000) });
      await createCourse(dataSource, creatorId, { title: '100 m', coordinates: north(100) });
      await createCourse(dataSource, creatorId, { title: '1 km', coordinates: north(1000) });
      await createCourse(dataSource, creatorId, { title: '9 km', coordinates: north(9000) });
      await createCourse(dataSource, creatorId, {
        title: 'private',
        coordinates: north(50),
        isPublic: false,
      });
      await createCourse(dataSource, creatorId, { title: 'hidden', coordinates: north(60), isHidden: true });

      const body = (await nearby({ lat: HERE[1], lng: HERE[0] }).expect(200)).body as Array<
        Record<string, unknown>
      >;
      expect(titles(body as Array<{ title: string }>)).toEqual(['100 m', '1 km', '4 km']);
      expect(body[0]).toEqual({
        id: expect.any(String),
        title: '100 m',
        thumbnail_url: null,
        route_preview: null,
        distance_meters: 1000,
        estimated_duration_seconds: 600,
        elevation_gain_meters: 0,
        difficulty: 'easy',
        total_runs: 0,
        avg_pace_seconds_per_km: null,
        creator_nickname: 'mapper',
        distance_from_user_meters: expect.any(Number),
        like_count: 0,
        avg_rating: null,
        active_runners: 0,
      });
      expect(body[0].distance_from_user_meters).toBeGreaterThan(95);
      expect(body[0].distance_from_user_meters).toBeLessThan(105);

      expect(
        titles((await nearby({ lat: HERE[1], lng: HERE[0], radius: 15_000, limit: 2 }).expect(200)).body),
      ).toEqual(['100 m', '1 km']);
      expect(
        titles((await nearby({ lat: HERE[1], lng: HERE[0], radius: 15_000, limit: 50 }).expect(200)).body),
      ).toHaveLength(4);
    });

    it('validates its parameters', async () => {
      for (const query of [
        { lng: 127 },
        { lat: 37 },
        { lat: 91, lng: 127 },
        { lat: 37, lng: 181 },
        { lat: 37, lng: 127, radius: 99 },
        { lat: 37, lng: 127, radius: 50_001 },
        { lat: 37, lng: 127, limit: 51 },
        { lat: 'NaN', lng: 127 },
      ]) {
        const response = await nearby(query).expect(422);
        expect(response.body.code).toBe('VALIDATION_ERROR');
      }
    });
  });

  describe('bounds', () => {
    const bounds = (query: Record<string, unknown>) => http().get('/api/v1/courses/bounds').query(query);

    it('answers markers of listed courses starting inside the viewport', async () => {
      await clear();
      const inside = await createCourse(dataSource, creatorId, {
        title: 'inside',
        coordinates: at(127.0, 37.5),
      });
      await createCourse(dataSource, creatorId, { title: 'outside', coordinates: at(127.5, 37.5) });
      await createCourse(dataSource, creatorId, {
        title: 'private',
        coordinates: at(127.01, 37.5),
        isPublic: false,
      });
      await createCourse(dataSource, creatorId, {
        title: 'old',
        coordinates: at(127.02, 37.51),
        createdAt: new Date(Date.now() - 10 * 86_400_000),
      });
      const fan = await createUser(dataSource);
      await dataSource.query(`INSERT INTO reviews (course_id, user_id, rating) VALUES ($1, $2, 4)`, [
        inside,
        fan.id,
      ]);

      const markers = (await bounds({ sw_lat: 37.4, sw_lng: 126.9, ne_lat: 37.6, ne_lng: 127.1 }).expect(200))
        .body as Array<Record<string, unknown>>;
      expect(titles(markers as Array<{ title: string }>).sort()).toEqual(['inside', 'old']);
      expect(markers.find((marker) => marker.title === 'inside')).toEqual({
        id: inside,
        title: 'inside',
        start_lat: expect.closeTo(37.5, 6),
        start_lng: expect.closeTo(127.0, 6),
        distance_meters: 1000,
        total_runs: 0,
        difficulty: 'easy',
        avg_rating: 4,
        active_runners: 0,
        is_new: true,
        elevation_gain_meters: 0,
        creator_nickname: 'mapper',
      });
      expect(markers.find((marker) => marker.title === 'old')?.is_new).toBe(false);
    });

    it('handles viewports crossing the antimeridian and world-sized boxes', async () => {
      await clear();
      await createCourse(dataSource, creatorId, { title: 'east of 180', coordinates: at(179.9, -17) });
      await createCourse(dataSource, creatorId, { title: 'west of 180', coordinates: at(-179.9, -17) });
      await createCourse(dataSource, creatorId, { title: 'Seoul', coordinates: at(127, 37.5) });

      const crossing = (await bounds({ sw_lat: -20, sw_lng: 179, ne_lat: -10, ne_lng: -179 }).expect(200))
        .body;
      expect(titles(crossing).sort()).toEqual(['east of 180', 'west of 180']);
      const world = (await bounds({ sw_lat: -90, sw_lng: -180, ne_lat: 90, ne_lng: 180 }).expect(200)).body;
      expect(titles(world).sort()).toEqual(['Seoul', 'east of 180', 'west of 180']);
      const almostWorld = (
        await bounds({ sw_lat: -89, sw_lng: -179.5, ne_lat: 89, ne_lng: 179.5 }).expect(200)
      ).body;
      expect(almostWorld).toHaveLength(3);
    });

    it('spreads a limited number of markers over the whole viewport', async () => {
      await clear();
      // 60 courses crowded in the south-west corner, 4 in the north-east one.
      for (let i = 0; i < 60; i++) {
        await createCourse(dataSource, creatorId, {
          title: `crowd ${i}`,
          coordinates: at(126.81 + i * 0.0005, 37.41),
        });
      }
      for (let i = 0; i < 4; i++) {
        await createCourse(dataSource, creatorId, {
          title: `far ${i}`,
          coordinates: at(127.18 - i * 0.001, 37.68),
        });
      }
      const markers = (
        await bounds({ sw_lat: 37.4, sw_lng: 126.8, ne_lat: 37.7, ne_lng: 127.2, limit: 32 }).expect(200)
      ).body as Array<{ title: string; id: string }>;
      expect(markers).toHaveLength(32);
      expect(markers.filter((marker) => marker.title.startsWith('far'))).toHaveLength(4);
      expect(new Set(markers.map((marker) => marker.id)).size).toBe(markers.length);
    });

    it('validates the viewport', async () => {
      await bounds({ sw_lat: 37.6, sw_lng: 126.8, ne_lat: 37.4, ne_lng: 127.2 }).expect(422);
      await bounds({ sw_lat: 37.4, sw_lng: 126.8, ne_lat: 37.6 }).expect(422);
      await bounds({ sw_lat: -91, sw_lng: 126.8, ne_lat: 37.6, ne_lng: 127 }).expect(422);
      await bounds({ sw_lat: 37.4, sw_lng: 126.8, ne_lat: 37.6, ne_lng: 127, limit: 1001 }).expect(422);
    });
  });
});
