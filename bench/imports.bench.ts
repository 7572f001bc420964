/**
 * Imports against the watch (issue 15): over every running FIT file of the shared corpus
 * (`../shared/fixtures/activities/fit`, or `ACTIVITY_CORPUS_DIR`) that carries the device's own
 * session totals, what the import shows (the device's distance and timer time) and how far our own
 * figures from the track are from the device's — above all our `gps_distance_meters`' median and
 * max disagreement with the device's distance (goal ≤ 0.5 %), and our timer time's. Measured with
 * the import's own code (parse, `computeRunValues`, `showDeviceTotals`, `compareWithDevice`), no
 * database, so the figures are the ones an import stores.
 *
 *   npm run bench -- imports
 *
 * A measurement, not a test: it prints, never fails on a figure.
 */
import { parseActivityFile } from '@runvs/activity-files';
import { countsAsRun } from '@runvs/database';
import { timerSecondsOfTrack } from '@runvs/geo';
import { activityTypeOf, compareWithDevice, unusableActivityReason } from '@runvs/imports';
import { computeRunValues, showDeviceTotals } from '@runvs/runs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './repo-root';

const CORPUS = process.env.ACTIVITY_CORPUS_DIR ?? resolve(repoRoot(), '../shared/fixtures/activities');

interface Row {
  file: string;
  gps: number;
  device: number;
  distanceGap: number;
  ourTimer: number;
  deviceTimer: number;
  timerGap: number;
  shown: { distance: number; duration: number };
  measureMs: number;
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(2)} %`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const dir = join(CORPUS, 'fit');
  if (!existsSync(dir)) {
    console.log(`imports: SKIPPED — ${dir} does not exist (the shared corpus sits beside the project)`);
    return;
  }
  const rows: Row[] = [];
  for (const name of readdirSync(dir)
    .filter((f) => /\.fit$/i.test(f))
    .sort()) {
    let activity;
    try {
      activity = parseActivityFile(readFileSync(join(dir, name))).activity;
    } catch {
      continue; // not an activity (settings file…): the import refuses it
    }
    const device = activity.deviceSummary;
    if (!countsAsRun(activityTypeOf(activity.sport, activity.sportLabel))) continue;
    if (!device?.distanceMeters || !device.timerSeconds) continue;
    const timed = activity.points.filter((p) => p.time !== null);
    const points = timed.length > 0 ? timed : activity.points;
    const started = process.hrtime.bigint();
    const values = computeRunValues({ points, pauses: activity.pauses });
    if (unusableActivityReason(values)) continue; // refused by the import (too short, no GPS)
    const { deviceTotals } = compareWithDevice(values, activity, false);
    const shown = showDeviceTotals(values, deviceTotals);
    const measureMs = Number(process.hrtime.bigint() - started) / 1e6;
    // Our timer time as the import compares it: first to last fix less the file's timer pauses.
    const ourTimer = timerSecondsOfTrack(values.firstFixMs!, values.lastFixMs!, activity.pauses);
    rows.push({
      file: name,
      gps: values.gpsDistanceMeters,
      device: device.distanceMeters,
      distanceGap: Math.abs(values.gpsDistanceMeters - device.distanceMeters) / device.distanceMeters,
      ourTimer,
      deviceTimer: device.timerSeconds,
      timerGap: Math.abs(ourTimer - device.timerSeconds) / device.timerSeconds,
      shown: { distance: shown.distanceMeters, duration: shown.durationSeconds },
      measureMs,
    });
  }
  if (rows.length === 0) {
    console.log(`imports: no running FIT file with session totals in ${dir}`);
    return;
  }
  console.log(`imports: ${rows.length} running FIT files with session totals (${dir})`);
  console.log(
    `${'file'.padEnd(40)} ${'gps m'.padStart(8)} ${'device m'.padStart(10)} ${'gap'.padStart(8)}` +
      ` ${'our timer s'.padStart(12)} ${'device s'.padStart(10)} ${'gap'.padStart(8)}` +
      ` ${'shown m / s'.padStart(14)} ${'measure ms'.padStart(11)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.file.padEnd(40)} ${String(r.gps).padStart(8)} ${r.device.toFixed(1).padStart(10)} ${pct(r.distanceGap).padStart(8)}` +
        ` ${String(r.ourTimer).padStart(12)} ${r.deviceTimer.toFixed(1).padStart(10)} ${pct(r.timerGap).padStart(8)}` +
        ` ${`${r.shown.distance} / ${r.shown.duration}`.padStart(14)} ${r.measureMs.toFixed(1).padStart(11)}`,
    );
  }
  const distanceGaps = rows.map((r) => r.distanceGap);
  const timerGaps = rows.map((r) => r.timerGap);
  const big = rows.filter((r) => r.device >= 500).map((r) => r.distanceGap);
  console.log(
    `imports: our gps_distance_meters vs the device's distance — median ${pct(median(distanceGaps))}, ` +
      `max ${pct(Math.max(...distanceGaps))} over ${rows.length} files (goal: median ≤ 0.5 %); ` +
      `files of 500 m or more: median ${pct(median(big))} over ${big.length}`,
  );
  const showsDevice = rows.filter(
    (r) =>
      Math.abs(r.shown.distance - r.device) <= Math.max(0.001 * r.device, 0.5) &&
      Math.abs(r.shown.duration - r.deviceTimer) <= 1,
  ).length;
  console.log(
    `imports: our timer time vs the device's timer — median ${pct(median(timerGaps))}, max ${pct(Math.max(...timerGaps))}; ` +
      `the run shows the device's distance and timer time (0.1 %, 1 s) on ${showsDevice} of ${rows.length} files`,
  );
}

main();
