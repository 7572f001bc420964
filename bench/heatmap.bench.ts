/**
 * Heatmap over ~1,000,000 stored route points in a Seoul city viewport, in one run:
 *  - a plain scan of those points in the viewport (the floor any aggregation pays to read them);
 *  - the endpoint's aggregation (the per-level cell pyramid: index range + count per cell);
 *  - for reference, aggregating the raw points on the fly (DISTINCT run per cell).
 * Target: the endpoint's aggregation ≤ 2× the plain scan.
 *   npm run bench  (or: npm run build && node dist/bench/heatmap.bench.js)
 */
import { gridLevelFor, splitAtAntimeridian, type Viewport } from '@runvs/heatmap';
import { benchDatabase, percentiles, timeMs } from './bench-database';
// The repository is not part of the lib's public API; the benchmark drives the real write path.
// eslint-disable-next-line no-restricted-imports
import { HeatmapRepository } from '../libs/heatmap/src/heatmap.repository';

const RUNS = 2_000;
/** Distinct runners the runs are spread over. */
const RUNNERS = 300;
const ROUTE_METERS = 10_400; // 10 km kept after the 200 m privacy trim at each end ≈ 500 samples
const ROUNDS = 15;
const SEOUL: Viewport = { swLat: 37.42, swLng: 126.76, neLat: 37.7, neLng: 127.18 };

async function main(): Promise<void> {
  const { dataSource, drop } = await benchDatabase('runvs_bench_heatmap');
  try {
    // Runs spread over many runners, so cells pass the k-anonymity threshold as on a real map.
    const users: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO users (user_code) SELECT 'BENCH' || lpad(n::text, 3, '0') FROM generate_series(1, $1) AS n
       RETURNING id`,
      [RUNNERS],
    );
    // Each run: a straight route from a random start in the city, random heading, a vertex every 100 m.
    await dataSource.query(
      `INSERT INTO run_records (user_id, distance_meters, duration_seconds, started_at, finished_at, route_geometry)
       SELECT ($1::uuid[])[1 + r.n % array_length($1::uuid[], 1)], $3, 3600, now() - interval '2 hours', now() - interval '1 hour',
              ST_MakeLine(ARRAY(
                SELECT ST_MakePoint(r.lng0 + sin(r.heading) * i * 100 / 88000.0, r.lat0 + cos(r.heading) * i * 100 / 111320.0)
                  FROM generate_series(0, $3 / 100) AS i))::geography
         FROM (SELECT n, 126.8 + random() * 0.34 AS lng0, 37.45 + random() * 0.22 AS lat0, random() * 2 * pi() AS heading
                 FROM generate_series(1, $2) AS n) AS r`,
      [users.map((user) => user.id), RUNS, ROUTE_METERS],
    );
    const runIds: Array<{ id: string }> = await dataSource.query(`SELECT id FROM run_records`);
    const repository = new HeatmapRepository(dataSource);
    const written = await timeMs(async () => {
      let next = 0;
      const writer = async () => {
        while (next < runIds.length) {
          const { id } = runIds[next++];
          await dataSource.transaction((manager) => repository.replaceRunPoints(manager, id));
        }
      };
      await Promise.all([writer(), writer(), writer()]);
    });
    await dataSource.query(`VACUUM ANALYZE heatmap_points`);
    await dataSource.query(`VACUUM ANALYZE heatmap_cells`);
    const [{ points, cells }]: Array<{ points: number; cells: number }> = await dataSource.query(
      `SELECT (SELECT count(*) FROM heatmap_points)::int AS points, (SELECT count(*) FROM heatmap_cells)::int AS cells`,
    );

    const [box] = splitAtAntimeridian(SEOUL);
    const { level, cell } = gridLevelFor(SEOUL);
    const envelope = [box.west, box.south, box.east, box.north];
    const scan = () =>
      dataSource.query(
        `SELECT count(*), sum(ST_X(point) + ST_Y(point)), count(run_record_id)
           FROM heatmap_points WHERE point && ST_MakeEnvelope($1, $2, $3, $4, 4326)`,
        envelope,
      );
    const endpoint = () => repository.aggregate([box], level, cell, 5_000, 3);
    const onTheFly = () =>
      dataSource.query(
        `SELECT gy, gx, count(*)::int AS weight
           FROM (SELECT DISTINCT floor(ST_Y(point) / $5)::int AS gy, floor(ST_X(point) / $5)::int AS gx, run_record_id
                   FROM heatmap_points WHERE point && ST_MakeEnvelope($1, $2, $3, $4, 4326)) AS per_run
          GROUP BY gy, gx ORDER BY weight DESC LIMIT 5000`,
        [...envelope, cell],
      );
    for (const warm of [scan, endpoint, onTheFly]) await warm();
    const times = { scan: [] as number[], endpoint: [] as number[], onTheFly: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      times.scan.push(await timeMs(scan));
      times.endpoint.push(await timeMs(endpoint));
      times.onTheFly.push(await timeMs(onTheFly));
    }
    const [s, e, f] = [percentiles(times.scan), percentiles(times.endpoint), percentiles(times.onTheFly)];
    const cellsReturned = (await endpoint()).length;
    console.log(
      `heatmap: ${RUNS} runs recorded through the real write path in ${(written / 1000).toFixed(1)} s ` +
        `(${((written / RUNS) * 1).toFixed(1)} ms/run): ${points.toLocaleString('en')} points, ${cells.toLocaleString('en')} pyramid cells`,
    );
    console.log(
      `  city viewport, level ${level} (cell ${cell.toFixed(5)}°), ${cellsReturned} cells returned`,
    );
    console.log(`  plain scan of the points      : p50 ${s.p50.toFixed(1)} ms (min ${s.min.toFixed(1)})`);
    console.log(`  endpoint aggregation (pyramid): p50 ${e.p50.toFixed(1)} ms (min ${e.min.toFixed(1)})`);
    console.log(`  on-the-fly DISTINCT over points: p50 ${f.p50.toFixed(1)} ms (reference)`);
    console.log(`  ratio endpoint/scan           : ${(e.p50 / s.p50).toFixed(2)}× (target ≤ 2×)`);
  } finally {
    if (process.env.BENCH_KEEP_DATABASE !== 'true') await drop();
    else await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
