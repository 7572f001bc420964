/**
 * Our GPX/TCX parser against @tmcw/togeojson (over @xmldom/xmldom, as it runs in Node) on every
 * GPX/TCX file of the fixture corpus: the same points (position, elevation, time) and the time each
 * takes. Used by parse-gpx.bench.ts; nothing here is a test.
 */
import { gpx, tcx } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
// The public index by path: plain ts-node does not resolve the @runvs/* aliases.
import { parseGpx, parseTcx } from '../libs/activity-files/src';

interface Point {
  lat: number;
  lng: number;
  ele: number | null;
  time: number | null;
}

interface LineFeature {
  geometry: { type: string; coordinates: unknown } | null;
  properties: { coordinateProperties?: { times?: unknown } } | null;
}

/** Every GPX/TCX file under the given folders (recursively), sorted by path. */
export function corpusFiles(folders: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(gpx|tcx)$/i.test(entry.name)) found.push(full);
    }
  };
  for (const folder of folders) if (existsSync(folder)) walk(folder);
  return found.sort();
}

function ours(buf: Buffer, kind: 'gpx' | 'tcx'): Point[] {
  return (kind === 'gpx' ? parseGpx : parseTcx)(buf).points;
}

/** togeojson's lines (tracks and routes, in document order) flattened into points. */
function theirs(buf: Buffer, kind: 'gpx' | 'tcx'): Point[] {
  const doc = new DOMParser().parseFromString(buf.toString('utf8'), 'text/xml');
  const collection = (kind === 'gpx' ? gpx(doc) : tcx(doc)) as unknown as { features: LineFeature[] };
  const points: Point[] = [];
  for (const feature of collection.features) {
    const geometry = feature.geometry;
    if (!geometry || (geometry.type !== 'LineString' && geometry.type !== 'MultiLineString')) continue;
    const lines = (
      geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates
    ) as number[][][];
    const rawTimes = feature.properties?.coordinateProperties?.times;
    const times = (
      rawTimes === undefined ? [] : geometry.type === 'LineString' ? [rawTimes] : rawTimes
    ) as Array<Array<string | number | null> | undefined>;
    lines.forEach((line, l) =>
      line.forEach(([lng, lat, ele], i) => {
        const time = times[l]?.[i];
        points.push({
          lat,
          lng,
          ele: ele ?? null,
          time: time === undefined || time === null ? null : new Date(time).getTime(),
        });
      }),
    );
  }
  return points;
}

/** 'identical', or where the two first differ. */
function difference(a: Point[], b: Point[]): string {
  if (a.length !== b.length) return `points ${a.length} vs ${b.length}`;
  const close = (x: number | null, y: number | null) =>
    x === null || y === null ? x === y : Math.abs(x - y) < 1e-9;
  for (let i = 0; i < a.length; i++) {
    for (const field of ['lat', 'lng', 'ele', 'time'] as const) {
      if (!close(a[i][field], b[i][field])) return `#${i} ${field} ${a[i][field]} vs ${b[i][field]}`;
    }
  }
  return 'identical';
}

function medianMs(run: () => unknown, count: number): number {
  for (let i = 0; i < 3; i++) run();
  const runs: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    run();
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  runs.sort((x, y) => x - y);
  return runs[Math.floor(runs.length / 2)];
}

export interface ComparisonRow {
  file: string;
  points: number | string;
  oursMs: number | null;
  theirsMs: number | null;
  /** 'identical', the first difference, or which side failed */
  same: string;
}

/** Compares both parsers on each file (`count` timed parses each, after 3 warm-up ones). */
export function compareWithTogeojson(files: string[], count = 20): ComparisonRow[] {
  return files.map((path) => {
    const kind = path.toLowerCase().endsWith('.tcx') ? 'tcx' : 'gpx';
    const buf = readFileSync(path);
    const attempt = (parse: () => Point[]): Point[] | string => {
      try {
        return parse();
      } catch (error) {
        return `fails (${(error as Error).message.slice(0, 50)})`;
      }
    };
    const mine = attempt(() => ours(buf, kind));
    const other = attempt(() => theirs(buf, kind));
    const same =
      typeof mine === 'string'
        ? `ours ${mine}`
        : typeof other === 'string'
          ? `togeojson ${other}`
          : difference(mine, other);
    return {
      file: basename(path),
      points: typeof mine === 'string' ? '-' : mine.length,
      oursMs: typeof mine === 'string' ? null : medianMs(() => ours(buf, kind), count),
      theirsMs: typeof other === 'string' ? null : medianMs(() => theirs(buf, kind), count),
      same,
    };
  });
}

/** The comparison as a markdown table plus a one-line verdict. */
export function printComparison(rows: ComparisonRow[]): void {
  console.log('\nours vs @tmcw/togeojson (+ @xmldom/xmldom), median ms of 20 parses after 3 warm-up ones:\n');
  console.log(
    'file | points (ours) | ours ms | togeojson ms | speed-up | same points\n--- | --- | --- | --- | --- | ---',
  );
  const fmt = (ms: number | null) => (ms === null ? '-' : ms.toFixed(2));
  for (const row of rows) {
    const speedUp =
      row.oursMs !== null && row.theirsMs !== null ? `${(row.theirsMs / row.oursMs).toFixed(1)}×` : '-';
    console.log([row.file, row.points, fmt(row.oursMs), fmt(row.theirsMs), speedUp, row.same].join(' | '));
  }
  const timed = rows.filter((row) => row.oursMs !== null && row.theirsMs !== null);
  const faster = timed.filter((row) => (row.oursMs as number) < (row.theirsMs as number)).length;
  const identical = rows.filter((row) => row.same === 'identical').length;
  console.log(
    `\n${rows.length} files: ours faster on ${faster} of ${timed.length} both parse; identical points on ${identical}.`,
  );
}
