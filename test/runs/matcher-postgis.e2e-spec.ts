import { parseActivityFile } from '@runvs/activity-files';
import { distancesToCourse, matchRunToCourse, prepareCourse, type LngLat } from '@runvs/geo';
import { PROJECT_ROOT, startWorker, testConfig } from '@runvs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/** Permissively licensed tracks committed with the project (libs/geo/src/__fixtures__/NOTICE.md). */
const BUNDLED = join(PROJECT_ROOT, 'libs/geo/src/__fixtures__');
/** The shared corpus beside the project (several AGPL tracks, not redistributed); absent on a bare clone. */
const SHARED_GPX = join(PROJECT_ROOT, '../shared/fixtures/activities/gpx');
const HAS_SHARED = existsSync(SHARED_GPX);

function track(file: string, dir = BUNDLED): LngLat[] {
  const { activity } = parseActivityFile(readFileSync(join(dir, file)));
  return activity.points.map((p) => [p.lng, p.lat] as LngLat);
}

/**
 * Done-when: the matcher's distances agree with PostGIS `ST_Distance(geography)` within 1 m on the
 * fixture tracks — the run's own points against a course made from another run of the same area
 * (and from a thinned copy of itself), every point checked against the live database.
 */
interface Case {
  name: string;
  course: () => LngLat[];
  run: () => LngLat[];
}

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

  const bundledCases: Case[] = [
    {
      name: 'Washington: a run against every 7th point of itself',
      course: () => track('garmin-connect-run-hr.gpx').filter((_, i) => i % 7 === 0),
      run: () => track('garmin-connect-run-hr.gpx'),
    },
    {
      name: 'mountain hike against a far-away run (thousands of km)',
      course: () => track('garmin-connect-run-hr.gpx'),
      run: () => track('gpsbabel-hike-mojstrovka.gpx'),
    },
    {
      name: 'mountain hike against every 9th point of itself (steep, twisting)',
      course: () => track('gpsbabel-hike-mojstrovka.gpx').filter((_, i) => i % 9 === 0),
      run: () => track('gpsbabel-hike-mojstrovka.gpx'),
    },
  ];
  const sharedCases: Case[] = [
    {
      name: 'Grenoble: Strava run vs Garmin run of the same area',
      course: () => track('strava-android-run.gpx', SHARED_GPX),
      run: () => track('garmin-connect-run-2067489619.gpx', SHARED_GPX),
    },
    {
      name: 'Helsinki: a run against every 11th point of itself',
      course: () => track('garmin-connect-run-hr-cad.gpx', SHARED_GPX).filter((_, i) => i % 11 === 0),
      run: () => track('garmin-connect-run-hr-cad.gpx', SHARED_GPX),
    },
    {
      name: 'mountain hike against a far-away route (km distances)',
      course: () => track('strava-android-run.gpx', SHARED_GPX),
      run: () => track('gpsbabel-hike-mojstrovka.gpx'),
    },
  ];

  it.each(bundledCases)('every point within 1 m of PostGIS: $name', (c) => expectMatchesPostgis(c));

  if (HAS_SHARED) {
    it.each(sharedCases)('every point within 1 m of PostGIS (shared corpus): $name', (c) =>
      expectMatchesPostgis(c),
    );
  } else {
    it.skip(`shared-corpus cases SKIPPED: ${SHARED_GPX} does not exist (bare clone; its AGPL tracks are not redistributed)`, () =>
      undefined);
  }

  async function expectMatchesPostgis({ course, run }: Case): Promise<void> {
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
  }
});
