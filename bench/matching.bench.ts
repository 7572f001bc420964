/**
 * Course matching on the reference workload, in one run: a 15,000-point run against a 2,000-vertex
 * course (a meandering 20 km line near Seoul, 5 m GPS noise — the generator of libs/geo's timing
 * script), three ways:
 *  - ours: libs/geo `distancesToCourse` (segment grid, WGS84 like PostGIS) and the full `matchRunToCourse`;
 *  - PostGIS: one `ST_Distance(point::geography, line::geography)` batch query (the reference's method);
 *  - cheap-ruler brute force: every point against every segment in a local flat projection.
 * Also the largest per-point disagreement of ours and of cheap-ruler with PostGIS.
 * Targets: ours ≤ 10 ms and ≥ 20× faster than PostGIS, every distance within 0.5 m of PostGIS.
 *   npm run bench -- matching
 */
import { distancesToCourse, type LngLat, matchRunToCourse, prepareCourse } from '@runvs/geo';
import { benchDatabase, percentiles } from './bench-database';
// Test-only generators of libs/geo (not part of its public API), shared with its timing script.
// eslint-disable-next-line no-restricted-imports
import { resample, seededRandom, toLngLat, toRun, type XY } from '../libs/geo/src/testing/synthetic';

function workload(): { line: LngLat[]; run: Array<{ lat: number; lng: number }> } {
  const rnd = seededRandom(5);
  const xy: XY[] = [];
  let x = 0;
  let y = 0;
  let heading = 0;
  for (let i = 0; i < 2000; i++) {
    heading += (rnd() - 0.5) * 0.3;
    x += Math.cos(heading) * 10;
    y += Math.sin(heading) * 10;
    xy.push([x, y]);
  }
  const line = toLngLat(xy);
  const run = toRun(resample(xy, 20_000 / 15_000), { noise: 5, seed: 8 })
    .slice(0, 15_000)
    .map((p) => ({ lat: p.lat, lng: p.lng }));
  return { line, run };
}

/** cheap-ruler (Mapbox) point-to-segment distance, brute force over every segment. */
function cheapRulerDistances(line: LngLat[], run: Array<{ lat: number; lng: number }>): Float64Array {
  const out = new Float64Array(run.length);
  const RE = 6378.137;
  const FE = 1 / 298.257223563;
  const E2 = FE * (2 - FE);
  const RAD = Math.PI / 180;
  for (let i = 0; i < run.length; i++) {
    const { lat, lng } = run[i];
    const m = RAD * RE * 1000;
    const coslat = Math.cos(lat * RAD);
    const w2 = 1 / (1 - E2 * (1 - coslat * coslat));
    const w = Math.sqrt(w2);
    const kx = m * w * coslat;
    const ky = m * w * w2 * (1 - E2);
    let best = Infinity;
    for (let s = 1; s < line.length; s++) {
      const ax = line[s - 1][0];
      const ay = line[s - 1][1];
      const dx = (line[s][0] - ax) * kx;
      const dy = (line[s][1] - ay) * ky;
      let px = (lng - ax) * kx;
      let py = (lat - ay) * ky;
      const len = dx * dx + dy * dy;
      if (len > 0) {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len));
        px -= dx * t;
        py -= dy * t;
      }
      const squared = px * px + py * py;
      if (squared < best) best = squared;
    }
    out[i] = Math.sqrt(best);
  }
  return out;
}

function time<T>(rounds: number, work: () => T): { p50: number; min: number; result: T } {
  let result = work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    result = work();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const { p50, min } = percentiles(samples);
  return { p50, min, result };
}

async function main(): Promise<void> {
  const { line, run } = workload();
  const course = prepareCourse(line);
  console.log(
    `course ${course.vertexCount} vertices (${Math.round(course.lengthMeters)} m), run ${run.length} points`,
  );

  const prepare = time(20, () => prepareCourse(line));
  const ours = time(40, () => distancesToCourse(course, run));
  const match = time(40, () => matchRunToCourse(course, run));
  const brute = time(3, () => cheapRulerDistances(line, run));

  const { dataSource, drop } = await benchDatabase('runvs_bench_matching');
  let postgis: { p50: number; min: number; result: number[] };
  try {
    const lineJson = JSON.stringify({ type: 'LineString', coordinates: line });
    const lngs = run.map((p) => p.lng);
    const lats = run.map((p) => p.lat);
    const query = async () =>
      (
        (await dataSource.query(
          `SELECT ST_Distance(ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)::geography, c.line) AS d
             FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS p(lng, lat, i),
                  (SELECT ST_GeomFromGeoJSON($1)::geography AS line) c
            ORDER BY p.i`,
          [lineJson, lngs, lats],
        )) as Array<{ d: number }>
      ).map((r) => r.d);
    let result = await query();
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = process.hrtime.bigint();
      result = await query();
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    postgis = { ...percentiles(samples), result };
  } finally {
    await drop();
  }

  const worstOurs = Math.max(...run.map((_, i) => Math.abs(ours.result[i] - postgis.result[i])));
  const worstBrute = Math.max(...run.map((_, i) => Math.abs(brute.result[i] - postgis.result[i])));
  const f = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`prepareCourse (once per course)      p50 ${f(prepare.p50)}`);
  console.log(`ours: distancesToCourse             p50 ${f(ours.p50)} (min ${f(ours.min)})`);
  console.log(`ours: matchRunToCourse (full rules) p50 ${f(match.p50)} (min ${f(match.min)})`);
  console.log(`PostGIS ST_Distance batch            p50 ${f(postgis.p50)} (min ${f(postgis.min)})`);
  console.log(`cheap-ruler brute force              p50 ${f(brute.p50)} (min ${f(brute.min)})`);
  console.log(
    `speed-up vs PostGIS: ${(postgis.p50 / ours.p50).toFixed(1)}× (distances), ${(postgis.p50 / match.p50).toFixed(1)}× (match)`,
  );
  console.log(
    `max |ours − PostGIS| ${worstOurs.toFixed(3)} m; max |cheap-ruler − PostGIS| ${worstBrute.toFixed(3)} m`,
  );
  console.log(`match: ${match.result.routeMatchPercent} % of points, completed ${match.result.isCompleted}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
