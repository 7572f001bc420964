import { parseActivityFile } from '@runvs/activity-files';
import { distancesToCourse, matchRunToCourse, prepareCourse, type LngLat } from '@runvs/geo';
import { startWorker, testConfig } from '@runvs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

const GPX = join(__dirname, '../../../shared/fixtures/activities/gpx');

function track(file: string): LngLat[] {
  const { activity } = parseActivityFile(readFileSync(join(GPX, file)));
  return activity.points.map((p) => [p.lng, p.lat] as LngLat);
}

/**
 * Done-when: the matcher's distances agree with PostGIS `ST_Distance(geography)` within 1 m on the
 * fixture tracks — the run's own points against a course made from another run of the same area
 * (and from a thinned copy of itself), every point checked against the live database.
 */
describe('course matcher vs PostGIS on fixture tracks', () => {
  let context: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    context = await startWorker(testConfig());
    dataSource = context.get(DataSource);
  });

  afterAll(async () => {
    await context.close();
  });

  const cases: Array<{ name: string; course: () => LngLat[]; run: () => LngLat[] }> = [
    {
      name: 'Grenoble: Strava run vs Garmin run of the same area',
      course: () => track('strava-android-run.gpx'),
      run: () => track('garmin-connect-run-2067489619.gpx'),
    },
    {
      name: 'Washington: a run against every 7th point of itself',
      course: () => track('garmin-connect-run-hr.gpx').filter((_, i) => i % 7 === 0),
      run: () => track('garmin-connect-run-hr.gpx'),
    },
    {
      name: 'Helsinki: a run against every 11th point of itself',
      course: () => track('garmin-connect-run-hr-cad.gpx').filter((_, i) => i % 11 === 0),
      run: () => track('garmin-connect-run-hr-cad.gpx'),
    },
    {
      name: 'mountain hike against a far-away route (km distances)',
      course: () => track('strava-android-run.gpx'),
      run: () => track('gpsbabel-hike-mojstrovka.gpx'),
    },
  ];

  it.each(cases)('every point within 1 m of PostGIS: $name', async ({ course, run }) => {
    const line = course();
    const points = run();
    const ours = distancesToCourse(
      prepareCourse(line),
      points.map(([lng, lat]) => ({ lat, lng })),
    );
    const rows: Array<{ d: number }> = await dataSource.query(
      `SELECT ST_Distance(ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)::geography, c.line) AS d
         FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS p(lng, lat, i),
              (SELECT ST_GeomFromGeoJSON($1)::geography AS line) c
        ORDER BY p.i`,
      [
        JSON.stringify({ type: 'LineString', coordinates: line }),
        points.map((p) => p[0]),
        points.map((p) => p[1]),
      ],
    );
    let worst = 0;
    rows.forEach((row, i) => (worst = Math.max(worst, Math.abs(row.d - ours[i]))));
    expect(rows).toHaveLength(points.length);
    expect(worst).toBeLessThan(1);
    // The match result's maximum deviation is PostGIS's maximum too (1 dp).
    const postgisMax = Math.max(...rows.map((r) => r.d));
    const result = matchRunToCourse(
      prepareCourse(line),
      points.map(([lng, lat]) => ({ lat, lng })),
    );
    expect(Math.abs(result.maxDeviationMeters - postgisMax)).toBeLessThan(1);
  });
});
