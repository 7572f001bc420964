import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { CourseThumbnailService } from '@runvs/courses';
import {
  createRunRecord,
  createUserWithToken,
  lineFrom,
  startStack,
  type TestStack,
  waitForQueuesDrained,
} from '@runvs/testing';
import sharp from 'sharp';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FAKE_MAPBOX_COLOUR, FakeMapbox } from '../fakes';

/** 3 km with a vertex every 2 m: far more points than a Static Images URL may carry. */
const ROUTE = lineFrom([126.978, 37.5665], 1501, 2, 60);

describe('course thumbnails with a Mapbox token: the Static Images picture', () => {
  let stack: TestStack;
  let mapbox: FakeMapbox;
  let config: AppConfig;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    mapbox = await new FakeMapbox().start();
    stack = await startStack({
      worker: true,
      env: { MAPBOX_ACCESS_TOKEN: mapbox.token, MAPBOX_BASE_URL: mapbox.baseUrl },
    });
    ({ config, api, worker, dataSource } = stack);
  });

  afterAll(async () => {
    await stack?.close();
    await mapbox?.stop();
  });

  beforeEach(() => {
    mapbox.mode = 'ok';
    mapbox.requests.length = 0;
  });

  const createCourse = async () => {
    const { user, authorization } = await createUserWithToken(dataSource, config);
    const runId = await createRunRecord(dataSource, user.id, ROUTE);
    const response = await request(api.getHttpServer())
      .post('/api/v1/courses')
      .set('Authorization', authorization)
      .send({
        run_record_id: runId,
        title: 'Mapbox course',
        route_geometry: { type: 'LineString', coordinates: ROUTE },
        distance_meters: 3000,
        estimated_duration_seconds: 1200,
      })
      .expect(201);
    return response.body.id as string;
  };
  const course = async (id: string) =>
    (
      (await dataSource.query(
        `SELECT thumbnail_url, thumbnail_status, thumbnail_error FROM courses WHERE id = $1`,
        [id],
      )) as Array<{ thumbnail_url: string | null; thumbnail_status: string; thumbnail_error: string | null }>
    )[0];
  const fetchImage = async (url: string) => {
    const file = await request(api.getHttpServer()).get(new URL(url).pathname).buffer(true).expect(200);
    return sharp(file.body as Buffer);
  };

  it('fetches the route picture from Mapbox (≤ 100 points, 600x400@2x, padding 40) and stores it', async () => {
    const id = await createCourse();
    await waitForQueuesDrained(worker);
    const row = await course(id);
    expect(row.thumbnail_status).toBe('ready');
    expect(row.thumbnail_error).toBeNull();
    expect(row.thumbnail_url).toMatch(
      new RegExp(`/uploads/thumbnails/courses/${id}/mapbox-[0-9a-f]{16}\\.png$`),
    );

    expect(mapbox.requests).toHaveLength(1);
    const [sent] = mapbox.requests;
    expect(sent.path).toMatch(
      /^\/styles\/v1\/mapbox\/outdoors-v12\/static\/geojson\(.+\)\/auto\/600x400@2x$/,
    );
    expect(sent.query.get('access_token')).toBe(mapbox.token);
    expect(sent.query.get('padding')).toBe('40');
    const overlay = FakeMapbox.overlayOf(sent);
    expect(overlay.geometry.coordinates.length).toBeLessThanOrEqual(101);
    expect(overlay.geometry.coordinates[0]).toEqual([126.978, 37.5665]);
    expect(overlay.properties).toEqual({ stroke: '#FFC800', 'stroke-width': 5, 'stroke-opacity': 0.9 });

    const image = await fetchImage(row.thumbnail_url!);
    expect(await image.metadata()).toMatchObject({ format: 'png', width: 1200, height: 800 });
    const { dominant } = await image.stats();
    expect(dominant).toEqual({
      r: expect.closeTo(FAKE_MAPBOX_COLOUR.r, -1),
      g: expect.any(Number),
      b: expect.any(Number),
    });
  });

  it('stores a JPEG answer (raster styles) as PNG', async () => {
    mapbox.mode = 'jpeg';
    const id = await createCourse();
    await waitForQueuesDrained(worker);
    const row = await course(id);
    expect(row.thumbnail_status).toBe('ready');
    expect((await (await fetchImage(row.thumbnail_url!)).metadata()).format).toBe('png');
  });

  it('draws the route itself when Mapbox refuses the token, and says why', async () => {
    const thumbnails = worker.get(CourseThumbnailService);
    const id = await createCourse();
    await waitForQueuesDrained(worker);
    await dataSource.query(
      `UPDATE courses SET thumbnail_status = 'pending', thumbnail_url = NULL WHERE id = $1`,
      [id],
    );
    const realToken = mapbox.token;
    mapbox.token = 'pk.rotated'; // our configured token is no longer valid
    try {
      await expect(thumbnails.render(id)).resolves.toBe('rendered');
    } finally {
      mapbox.token = realToken;
    }
    const row = await course(id);
    expect(row.thumbnail_url).toMatch(/\/local-[0-9a-f]{16}\.png$/);
    expect(row.thumbnail_error).toContain('Not Authorized - Invalid Token');
  });

  it('retries while Mapbox fails (5xx, 429) and falls back to drawing on the last attempt', async () => {
    const thumbnails = worker.get(CourseThumbnailService);
    const id = await createCourse();
    await waitForQueuesDrained(worker);
    await dataSource.query(
      `UPDATE courses SET thumbnail_status = 'pending', thumbnail_url = NULL WHERE id = $1`,
      [id],
    );
    for (const mode of ['server-error', 'rate-limited'] as const) {
      mapbox.mode = mode;
      await expect(thumbnails.render(id)).rejects.toThrow(/Mapbox HTTP (500|429)/);
      expect((await course(id)).thumbnail_status).toBe('pending');
    }
    await expect(thumbnails.render(id, { finalAttempt: true })).resolves.toBe('rendered');
    const row = await course(id);
    expect(row.thumbnail_status).toBe('ready');
    expect(row.thumbnail_url).toMatch(/\/local-[0-9a-f]{16}\.png$/);
    expect(row.thumbnail_error).toContain('HTTP 429');
  });

  it('keeps the request within the 8,192-character URL limit for a 50,000-vertex route', async () => {
    const thumbnails = worker.get(CourseThumbnailService);
    const id = await createCourse();
    await waitForQueuesDrained(worker);
    const long = Array.from({ length: 50_000 }, (_, i) => [
      126.9 + i * 0.00002,
      37.5 + Math.sin(i / 300) * 0.01,
    ]);
    await dataSource.query(
      `UPDATE courses SET route_geometry = ST_GeomFromGeoJSON($2)::geography, thumbnail_status = 'pending', thumbnail_url = NULL
        WHERE id = $1`,
      [id, JSON.stringify({ type: 'LineString', coordinates: long })],
    );
    mapbox.requests.length = 0;
    await expect(thumbnails.render(id)).resolves.toBe('rendered');
    expect((await course(id)).thumbnail_url).toMatch(/\/mapbox-[0-9a-f]{16}\.png$/);
    expect(mapbox.requests).toHaveLength(1);
  });
});
