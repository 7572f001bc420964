import type { INestApplication } from '@nestjs/common';
import { HeatmapService } from '@runvs/heatmap';
import { createRunRecord, createUser, lineFrom, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';

/** A 3 km run heading north from Seoul City Hall, one position every 10 m. */
const CITY_HALL: [number, number] = [126.978, 37.5665];
const route = lineFrom(CITY_HALL, 301, 10);
const middle = route[150];
const around = ([lng, lat]: [number, number], meters: number) => {
  const dLat = meters / 111_320;
  const dLng = meters / (111_320 * Math.cos((lat * Math.PI) / 180));
  return { sw_lat: lat - dLat, sw_lng: lng - dLng, ne_lat: lat + dLat, ne_lng: lng + dLng };
};

describe('GET /heatmap', () => {
  let stack: TestStack;
  let app: INestApplication;
  let dataSource: DataSource;
  let heatmap: HeatmapService;
  /** Three runners: the fewest whose shared cells the map shows (HEATMAP_MIN_RUNNERS = 3). */
  let crowd: string[];

  beforeAll(async () => {
    stack = await startStack();
    ({ api: app, dataSource } = stack);
    heatmap = app.get(HeatmapService);
    crowd = [];
    for (let i = 0; i < 3; i++) crowd.push((await createUser(dataSource)).id);
  });

  afterAll(() => stack?.close());

  const get = (query: Record<string, number>) =>
    request(app.getHttpServer()).get('/api/v1/heatmap').query(query);
  const addRunOf = async (
    runnerId: string,
    coordinates: Array<[number, number]>,
    overrides: Record<string, unknown> = {},
  ) => {
    const id = await createRunRecord(dataSource, runnerId, coordinates, overrides);
    await heatmap.refreshRun(id);
    return id;
  };
  /** The same route run by each runner of the crowd; the run ids. */
  const addRun = async (coordinates: Array<[number, number]>, overrides: Record<string, unknown> = {}) => {
    const ids: string[] = [];
    for (const runnerId of crowd) ids.push(await addRunOf(runnerId, coordinates, overrides));
    return ids;
  };

  it('shows runs as cells weighted by distinct runs, without their first and last 200 m', async () => {
    await addRun(route);
    const cells = (await get(around(middle, 300)).expect(200)).body as Array<{
      lat: number;
      lng: number;
      weight: number;
    }>;
    expect(cells.length).toBeGreaterThan(5);
    expect(cells.every((cell) => cell.weight === 3)).toBe(true);
    expect(cells[0]).toEqual({ lat: expect.any(Number), lng: expect.any(Number), weight: 3 });
    // Nothing within ~150 m of where the run started or finished.
    expect((await get(around(route[0], 150)).expect(200)).body).toEqual([]);
    expect((await get(around(route[300], 150)).expect(200)).body).toEqual([]);
  });

  it('counts runs, not points: an out-and-back run weighs 1, more runs add up, and the cache follows', async () => {
    const viewport = around(middle, 300);
    const before = (await get(viewport).expect(200)).body as Array<{ weight: number }>;
    expect(Math.max(...before.map((cell) => cell.weight))).toBe(3);
    await addRun([...route, ...[...route].reverse()]);
    const after = (await get(viewport).expect(200)).body as Array<{ weight: number }>;
    expect(Math.max(...after.map((cell) => cell.weight))).toBe(6);
  });

  it('shows a cell only once 3 distinct runners passed through it (issue 14 item 11)', async () => {
    const lane = lineFrom([127.2, 37.62], 301, 10);
    const viewport = around(lane[150], 300);
    const [first, second, third] = crowd;
    // One runner's daily loop, however often, never shows.
    for (let day = 0; day < 4; day++) await addRunOf(first, lane);
    expect((await get(viewport).expect(200)).body).toEqual([]);
    // Nor does a pair's.
    await addRunOf(second, lane);
    expect((await get(viewport).expect(200)).body).toEqual([]);
    // A third runner makes the street public; the weight still counts every run.
    await addRunOf(third, lane);
    const cells = (await get(viewport).expect(200)).body as Array<{ weight: number }>;
    expect(cells.length).toBeGreaterThan(5);
    expect(cells.every((cell) => cell.weight === 6)).toBe(true);
  });

  it('leaves out flagged, Strava-sourced, non-running and private-course runs', async () => {
    const elsewhere = lineFrom([127.05, 37.5], 301, 10);
    await addRun(elsewhere, { isFlagged: true });
    await addRun(elsewhere, { source: 'strava' });
    await addRun(elsewhere, { activityType: 'ride' });
    const [course]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO courses (creator_id, title, route_geometry, start_point, end_point, distance_meters, is_public)
       VALUES ($1, 'private loop', ST_GeomFromGeoJSON($2)::geography, ST_MakePoint($3, $4)::geography,
               ST_MakePoint($3, $4)::geography, 3000, false) RETURNING id`,
      [
        crowd[0],
        JSON.stringify({ type: 'LineString', coordinates: elsewhere }),
        elsewhere[0][0],
        elsewhere[0][1],
      ],
    );
    await addRun(elsewhere, { courseId: course.id });
    expect((await get(around(elsewhere[150], 300)).expect(200)).body).toEqual([]);
    // An ordinary run on the same street does show.
    await addRun(elsewhere);
    expect((await get(around(elsewhere[150], 300)).expect(200)).body.length).toBeGreaterThan(0);
  });

  it('drops a run from the map when it is flagged later', async () => {
    const street = lineFrom([127.1, 37.45], 301, 10);
    const [runId] = await addRun(street);
    expect((await get(around(street[150], 300)).expect(200)).body.length).toBeGreaterThan(0);
    await dataSource.query(`UPDATE run_records SET is_flagged = true WHERE id = $1`, [runId]);
    await heatmap.refreshRun(runId);
    // Two runners left on that street: below the threshold, so it leaves the map.
    expect((await get(around(street[150], 300)).expect(200)).body).toEqual([]);
  });

  it('uses coarser cells for a city viewport than for a street', async () => {
    const spacing = (cells: Array<{ lat: number }>) => {
      const lats = [...new Set(cells.map((cell) => cell.lat))].sort((a, b) => a - b);
      return Math.min(...lats.slice(1).map((lat, i) => lat - lats[i]));
    };
    const street = (await get(around(middle, 300)).expect(200)).body as Array<{ lat: number }>;
    const city = (await get({ sw_lat: 37.42, sw_lng: 126.76, ne_lat: 37.7, ne_lng: 127.18 }).expect(200))
      .body as Array<{ lat: number }>;
    expect(spacing(street)).toBeCloseTo(0.00045, 6); // ~50 m cells on a street
    expect(spacing(city)).toBeGreaterThan(0.00045 * 3); // coarser across a city
  });

  it('handles a viewport across the antimeridian', async () => {
    const fiji = lineFrom([179.99, -16.8], 301, 10, 90); // runs east across 180°
    const wrapped = fiji.map(([lng, lat]) => [lng > 180 ? lng - 360 : lng, lat] as [number, number]);
    const west = wrapped.filter(([lng]) => lng > 0);
    const east = wrapped.filter(([lng]) => lng < 0);
    await addRun(west.length > 1 ? [...west.slice(-60)] : west);
    await addRun(east.slice(0, 80));
    const cells = (await get({ sw_lat: -16.9, sw_lng: 179.9, ne_lat: -16.7, ne_lng: -179.9 }).expect(200))
      .body as Array<{
      lng: number;
    }>;
    expect(cells.some((cell) => cell.lng > 179)).toBe(true);
    expect(cells.some((cell) => cell.lng < -179)).toBe(true);
  });

  it('respects the limit and orders by weight', async () => {
    const cells = (await get({ ...around(middle, 300), limit: 3 }).expect(200)).body as Array<{
      weight: number;
    }>;
    expect(cells.length).toBeLessThanOrEqual(3);
    expect(cells.map((cell) => cell.weight)).toEqual(
      [...cells.map((cell) => cell.weight)].sort((a, b) => b - a),
    );
  });

  it('rejects out-of-range or inverted viewports with 422', async () => {
    const bad = await get({ sw_lat: -91, sw_lng: 0, ne_lat: 1, ne_lng: 1 }).expect(422);
    expect(bad.body.details.fields[0].field).toBe('sw_lat');
    await get({ sw_lat: 10, sw_lng: 0, ne_lat: 1, ne_lng: 1 }).expect(422);
    await get({ sw_lat: 0, sw_lng: 0, ne_lat: 1, ne_lng: 1, limit: 20_000 }).expect(422);
    await request(app.getHttpServer()).get('/api/v1/heatmap').expect(422);
  });
});
