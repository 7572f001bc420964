/**
 * Timing of the course matcher on the reference workload: a 2 000-vertex course (10 m steps,
 * a meandering 20 km line near Seoul) and a 15 000-point run along it with 5 m GPS noise.
 * Not a test (no timed assertions anywhere); run it by hand:
 *
 *   TS_NODE_TRANSPILE_ONLY=1 npx ts-node -P tsconfig.json libs/geo/bench/course-matcher.timing.ts
 *
 * Prints wall-clock and CPU time per call (min and median over 40 batches of 5 calls, after a
 * warm-up), since other processes on a shared 2-core machine inflate single measurements.
 */
import { distancesToCourse, matchRunToCourse, prepareCourse } from '../src/course-matcher';
import { resample, seededRandom, toLngLat, toRun, type XY } from '../src/testing/synthetic';

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
const run = toRun(resample(xy, 20_000 / 15_000), { noise: 5, seed: 8 }).slice(0, 15_000);
const course = prepareCourse(line);

function bench(label: string, fn: () => void): void {
  for (let i = 0; i < 20; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let b = 0; b < 40; b++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 5; i++) fn();
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6 / 5);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / 5);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(2).padStart(6);
  console.log(
    `${label.padEnd(18)} wall min ${f(wall[0])} median ${f(wall[20])} | cpu min ${f(cpu[0])} median ${f(cpu[20])} ms`,
  );
}

console.log(
  `course ${course.vertexCount} vertices (${Math.round(course.lengthMeters)} m), run ${run.length} points`,
);
console.log(matchRunToCourse(course, run));
bench('matchRunToCourse', () => matchRunToCourse(course, run));
bench('distancesToCourse', () => distancesToCourse(course, run));
bench('prepareCourse', () => prepareCourse(line));
