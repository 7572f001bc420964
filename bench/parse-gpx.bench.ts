/**
 * Timing of the GPX/TCX parsers (not a jest test).
 *
 *   npx ts-node --transpile-only bench/parse-gpx.bench.ts            # ms per parse
 *   node --expose-gc -r ts-node/register/transpile-only bench/parse-gpx.bench.ts   # + retained heap
 *
 * Parses the largest GPX/TCX fixtures plus a generated 2 MB / 5,000-point GPX (the size named by the
 * product requirement) and a 23 MB / 50,000-point one; reports the median (and min) ms per parse after
 * a warm-up, the peak RSS growth of a cold and of a warm parse in a fresh process (lib transpiled to
 * plain JS; Linux only), and, when `python3 -c 'import gpxpy'` works (/usr/bin/python3 first),
 * gpxpy's time on the same GPX files. Then every GPX/TCX file of the corpus (and the 5,000-point
 * file) is parsed by ours and by @tmcw/togeojson: the same points (position, elevation, time) and the
 * time each takes (bench/togeojson-compare.ts). On a shared machine look at the min column too:
 * other processes inflate medians.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
// The public index by path: plain ts-node does not resolve the @runvs/* aliases.
import { parseGpx, parseTcx } from '../libs/activity-files/src';
import { repoRoot } from './repo-root';
import { compareWithTogeojson, corpusFiles, printComparison } from './togeojson-compare';

const root = repoRoot();
const fixtures = resolve(root, '../shared/fixtures/activities');

interface Case {
  label: string;
  path: string;
  kind: 'gpx' | 'tcx';
  /** A big file: fewer timing runs and no gpxpy comparison. */
  big?: boolean;
}

function syntheticGpx(points: number): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<gpx creator="Garmin Connect" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" ',
    'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n',
    '  <metadata><time>2024-05-01T06:00:00.000Z</time></metadata>\n',
    '  <trk>\n    <name>Synthetic morning run</name>\n    <type>running</type>\n    <trkseg>\n',
  ];
  const t0 = Date.UTC(2024, 4, 1, 6, 0, 0);
  for (let i = 0; i < points; i++) {
    const lat = (48.8566 + i * 0.00001234567).toFixed(13);
    const lon = (2.3522 + Math.sin(i / 50) * 0.001234567).toFixed(13);
    const ele = (35 + Math.sin(i / 30) * 7.123456789).toFixed(13);
    parts.push(
      `      <trkpt lat="${lat}" lon="${lon}">\n`,
      `        <ele>${ele}</ele>\n`,
      `        <time>${new Date(t0 + i * 1000).toISOString()}</time>\n`,
      '        <extensions>\n          <ns3:TrackPointExtension>\n',
      `            <ns3:atemp>21.0</ns3:atemp>\n            <ns3:hr>${120 + (i % 40)}</ns3:hr>\n`,
      `            <ns3:cad>${80 + (i % 10)}</ns3:cad>\n`,
      `            <ns3:speed>${(2.8 + (i % 7) * 0.11).toFixed(3)}</ns3:speed>\n`,
      `            <ns3:course>${(i % 360).toFixed(1)}</ns3:course>\n`,
      '          </ns3:TrackPointExtension>\n        </extensions>\n      </trkpt>\n',
    );
  }
  parts.push('    </trkseg>\n  </trk>\n</gpx>\n');
  return parts.join('');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeParse(
  buf: Buffer,
  kind: 'gpx' | 'tcx',
  warmUp: number,
  count: number,
): { min: number; median: number; points: number } {
  const parse = kind === 'gpx' ? parseGpx : parseTcx;
  let points = 0;
  for (let i = 0; i < warmUp; i++) points = parse(buf).points.length; // warm-up (JIT)
  const runs: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    parse(buf);
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { min: Math.min(...runs), median: median(runs), points };
}

/**
 * The lib transpiled to plain JS in `outDir` (so that a child process can load it without ts-node,
 * whose TypeScript compiler would dwarf the parser's memory).
 */
function transpileLib(outDir: string): string {
  const src = join(root, 'libs/activity-files/src');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__fixtures__') walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        const out = ts.transpileModule(readFileSync(full, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        }).outputText;
        const target = join(outDir, relative(src, full)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, out);
      }
    }
  };
  walk(src);
  return outDir;
}

/**
 * Peak RSS growth (MB) of one parse in a fresh node process that loads only the parser: first the
 * cold parse (includes V8's one-time JIT compilation and heap set-up), then a warm one (what every
 * later upload costs a long-running worker). On Linux the peak is reset before each parse
 * (`/proc/self/clear_refs` ← 5) and read back from VmHWM; elsewhere null.
 */
function peakRssMb(libJs: string, path: string, kind: 'gpx' | 'tcx'): { cold: number; warm: number } | null {
  const code = `
    const fs = require('node:fs');
    const mod = require(${JSON.stringify(join(libJs, kind))});
    const buf = fs.readFileSync(${JSON.stringify(path)});
    const parse = mod.${kind === 'gpx' ? 'parseGpx' : 'parseTcx'};
    const hwm = () => Number(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    const measure = () => {
      global.gc();
      fs.writeFileSync('/proc/self/clear_refs', '5');
      const base = process.memoryUsage().rss;
      parse(buf);
      return hwm() - base;
    };
    const cold = measure();
    for (let i = 0; i < 5; i++) parse(buf);
    const warm = measure();
    process.stdout.write(JSON.stringify({ cold, warm }));
  `;
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '-e', code], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const { cold, warm } = JSON.parse(out) as { cold: number; warm: number };
    return { cold: cold / 1e6, warm: warm / 1e6 };
  } catch {
    return null;
  }
}

function findPython(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import gpxpy'], { stdio: 'ignore' });
      return py;
    } catch {
      // try the next one
    }
  }
  return null;
}

/** gpxpy's median ms per parse, or an error label when gpxpy refuses the file. */
function gpxpyMs(python: string, path: string): number | string {
  const code = [
    'import gpxpy, sys, time',
    'data = open(sys.argv[1], encoding="utf-8-sig").read()',
    'for _ in range(3): gpxpy.parse(data)',
    'runs = []',
    'for _ in range(10):',
    '    t = time.perf_counter(); gpxpy.parse(data); runs.append((time.perf_counter() - t) * 1000)',
    'runs.sort(); print(runs[len(runs) // 2])',
  ].join('\n');
  try {
    const out = execFileSync(python, ['-c', code, path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return Number(out.trim());
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '');
    const last = stderr.trim().split('\n').pop() ?? 'error';
    return `fails (${last.replace(/^.*Error: /, '').slice(0, 60)})`;
  }
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'runvs-bench-'));
  const synthetic = join(work, 'synthetic-5000pts.gpx');
  writeFileSync(synthetic, syntheticGpx(5000));
  const syntheticBig = join(work, 'synthetic-50000pts.gpx');
  writeFileSync(syntheticBig, syntheticGpx(50_000));

  const cases: Case[] = [
    { label: 'synthetic 5,000 pts (generated)', path: synthetic, kind: 'gpx' },
    { label: 'synthetic 50,000 pts (generated)', path: syntheticBig, kind: 'gpx', big: true },
  ];
  if (existsSync(fixtures)) {
    cases.push(
      {
        label: 'suunto-movescount-run-hr.gpx',
        path: join(fixtures, 'gpx/suunto-movescount-run-hr.gpx'),
        kind: 'gpx',
      },
      {
        label: 'strava-mapstogpx-unbound-prefix.gpx',
        path: join(fixtures, 'gpx/strava-mapstogpx-unbound-prefix.gpx'),
        kind: 'gpx',
      },
      {
        label: 'polar-v800-run-leading-whitespace.tcx',
        path: join(fixtures, 'tcx/polar-v800-run-leading-whitespace.tcx'),
        kind: 'tcx',
      },
      {
        label: 'suunto-movescount-run.tcx',
        path: join(fixtures, 'tcx/suunto-movescount-run.tcx'),
        kind: 'tcx',
      },
    );
  } else {
    console.log(`(fixtures folder ${fixtures} not found: only the generated file is measured)`);
  }

  const libJs = transpileLib(join(work, 'lib'));
  const python = findPython();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load ${load}; gpxpy: ${python ?? 'not installed'}`,
  );
  console.log(
    'ms/parse = median of 100 parses after 30 warm-up ones (10 after 5 for the 50,000-point file), min in brackets;\n' +
      'peak RSS +MB = growth of the peak RSS of a fresh node process during its first (cold) parse / a later (warm) one\n',
  );
  console.log(
    ['file', 'size MB', 'points', 'ms/parse', 'peak RSS +MB cold / warm', 'gpxpy ms', 'speed-up'].join(
      ' | ',
    ) +
      '\n' +
      '--- | --- | --- | --- | --- | --- | ---',
  );
  for (const c of cases) {
    const buf = readFileSync(c.path);
    const {
      min,
      median: ms,
      points,
    } = c.big ? timeParse(buf, c.kind, 5, 10) : timeParse(buf, c.kind, 30, 100);
    const rss = peakRssMb(libJs, c.path, c.kind);
    const py = python !== null && c.kind === 'gpx' && !c.big ? gpxpyMs(python, c.path) : null;
    console.log(
      [
        c.label,
        (buf.length / 1e6).toFixed(2),
        points,
        `${ms.toFixed(1)} (${min.toFixed(1)})`,
        rss === null ? '?' : `${rss.cold.toFixed(1)} / ${rss.warm.toFixed(1)}`,
        py === null ? '-' : typeof py === 'string' ? py : py.toFixed(1),
        typeof py === 'number' ? `${(py / ms).toFixed(0)}×` : '-',
      ].join(' | '),
    );
  }

  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const buf = readFileSync(join(work, 'synthetic-5000pts.gpx'));
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = parseGpx(buf);
    gc();
    const after = process.memoryUsage().heapUsed;
    console.log(
      `\nretained heap of one parsed result (${kept.points.length} points, file ${(buf.length / 1e6).toFixed(2)} MB):` +
        ` ${((after - before) / 1e6).toFixed(2)} MB`,
    );
  }
  // The whole GPX/TCX corpus (shared fixtures when present, plus the committed samples) against togeojson.
  printComparison(
    compareWithTogeojson([
      ...corpusFiles([
        fixtures,
        join(root, 'libs/activity-files/src/__fixtures__'),
        join(root, 'libs/geo/src/__fixtures__'),
      ]),
      synthetic,
    ]),
  );
  rmSync(work, { recursive: true, force: true });
}

main();
