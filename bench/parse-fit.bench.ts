/**
 * FIT parsing benchmark: our decoder (`parseFit`) vs the Garmin FIT SDK (`@garmin/fitsdk`, devDependency).
 *
 *   npx ts-node --transpile-only bench/parse-fit.bench.ts [--iterations 30] [file.fit ...]
 *
 * Prints, per file: median / min ms per parse (warm, interleaved runs); then, from one cold parse in a
 * fresh plain-node child (modules loaded first): the peak RSS growth of that first parse (max RSS after −
 * RSS before; includes V8 warming up), of a parse after five others (what a running worker pays; Linux) and
 * the heap still held by the result after a full GC. Multiples are of the file size.
 * "points" = GPS points (ours) or record messages (SDK).
 * Default files: the two largest fixtures of the shared corpus (`../shared/fixtures/activities/fit`).
 * Not a test: numbers depend on the machine. The SDK is ESM-only; Node ≥ 20.19 loads it through require().
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import ts from 'typescript';
// The public index by path: plain ts-node does not resolve the @runvs/* aliases.
import { parseFit } from '../libs/activity-files/src';
import { repoRoot } from './repo-root';

type Impl = 'ours' | 'fitsdk';

const REPO_ROOT = repoRoot();
const CORPUS = resolve(REPO_ROOT, '../shared/fixtures/activities/fit');
const DEFAULT_FILES = ['wahoo-elemnt-ride-devfields.fit', 'garmin-fr910xt-run-28km.fit'].map((f) =>
  join(CORPUS, f),
);

interface FitSdk {
  Decoder: new (stream: unknown) => {
    read(options?: object): { messages: Record<string, unknown[]>; errors: Error[] };
  };
  Stream: { fromBuffer(buffer: Buffer): unknown };
}

function parser(impl: Impl): (buf: Buffer) => number {
  if (impl === 'ours') return (buf) => parseFit(buf).points.length;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Decoder, Stream } = require('@garmin/fitsdk') as FitSdk;
  return (buf) => (new Decoder(Stream.fromBuffer(buf)).read().messages.recordMesgs ?? []).length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Memory of one cold parse, measured in a fresh plain-node child (no ts-node: its compiler would set
 * the peak). Our sources are transpiled to CommonJS into a temp folder first.
 */
const CHILD_JS = `
const impl = process.argv[2];
const buf = require('node:fs').readFileSync(process.argv[3]);
let parse;
if (impl === 'ours') {
  const { parseFit } = require('./fit/index.js');
  parse = (b) => parseFit(b);
} else {
  const { Decoder, Stream } = require(process.argv[4]);
  parse = (b) => new Decoder(Stream.fromBuffer(b)).read().messages;
}
global.gc();
const base = process.memoryUsage().rss;
const heap0 = process.memoryUsage().heapUsed;
const result = parse(buf);
const peak = process.resourceUsage().maxRSS * 1024;
global.gc();
const retained = process.memoryUsage().heapUsed - heap0;
// Warm: what each later upload costs a long-running worker (Linux: peak reset, then VmHWM).
let warm = null;
try {
  const fs = require('node:fs');
  for (let i = 0; i < 5; i++) parse(buf);
  global.gc();
  fs.writeFileSync('/proc/self/clear_refs', '5');
  const warmBase = process.memoryUsage().rss;
  parse(buf);
  warm = Number(/VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024 - warmBase;
} catch {}
process.stdout.write(JSON.stringify({ peak: peak - base, warm, retained, kept: typeof result }));
`;

interface Memory {
  /** peak RSS growth during one cold parse */
  peak: number;
  /** peak RSS growth during a parse after five others (Linux only, else null) */
  warm: number | null;
  /** heap still held by the parse result after a full GC */
  retained: number;
}

let childDir: string | null = null;

function prepareChild(): string {
  if (childDir !== null) return childDir;
  const dir = mkdtempSync(join(tmpdir(), 'runvs-fit-bench-'));
  const src = join(REPO_ROOT, 'libs/activity-files/src');
  const fitFiles = readdirSync(join(src, 'fit')).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  mkdirSync(join(dir, 'fit'));
  for (const f of ['parsed-activity.ts', ...fitFiles.map((f) => `fit/${f}`)]) {
    const out = ts.transpileModule(readFileSync(join(src, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, f.replace(/\.ts$/, '.js')), out.outputText);
  }
  writeFileSync(join(dir, 'child.js'), CHILD_JS);
  childDir = dir;
  return dir;
}

function measureMemory(impl: Impl, file: string): Memory | null {
  const dir = prepareChild();
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--no-warnings', join(dir, 'child.js'), impl, file, require.resolve('@garmin/fitsdk')],
    { encoding: 'utf8', cwd: dir },
  );
  try {
    return JSON.parse(child.stdout) as Memory;
  } catch {
    process.stderr.write(child.stderr);
    return null;
  }
}

function main(): void {
  const args = process.argv.slice(2);
  let iterations = 30;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--iterations') iterations = Number(args[++i]);
    else files.push(resolve(args[i]));
  }
  if (files.length === 0) files.push(...DEFAULT_FILES);
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.error(
      `missing fixture(s): ${missing.join(', ')} (the shared corpus lives next to the repo root)`,
    );
    process.exit(1);
  }

  const impls: Impl[] = ['ours', 'fitsdk'];
  const parsers = { ours: parser('ours'), fitsdk: parser('fitsdk') };
  console.log(`node ${process.version}, ${iterations} timed runs per parser after 5 warm-up runs\n`);
  console.log(
    'file                                  size KB  parser    points  median ms   min ms  cold peak RSS Δ     warm peak RSS Δ    retained result heap',
  );
  for (const file of files) {
    const buf = readFileSync(file);
    const times: Record<Impl, number[]> = { ours: [], fitsdk: [] };
    const counts: Record<Impl, number> = { ours: 0, fitsdk: 0 };
    for (let i = 0; i < 5; i++) for (const impl of impls) counts[impl] = parsers[impl](buf);
    for (let i = 0; i < iterations; i++) {
      for (const impl of impls) {
        const t = process.hrtime.bigint();
        parsers[impl](buf);
        times[impl].push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    const mb = (bytes: number) =>
      `${(bytes / 1024 / 1024).toFixed(1)} MB (${(bytes / buf.length).toFixed(1)}×)`;
    for (const impl of impls) {
      const mem = measureMemory(impl, file);
      console.log(
        [
          basename(file).padEnd(38),
          (buf.length / 1024).toFixed(0).padStart(7),
          ` ${impl.padEnd(8)}`,
          String(counts[impl]).padStart(8),
          median(times[impl]).toFixed(2).padStart(10),
          Math.min(...times[impl])
            .toFixed(2)
            .padStart(8),
          `  ${(mem === null ? 'n/a' : mb(mem.peak)).padEnd(18)}`,
          (mem?.warm == null ? 'n/a' : mb(Math.max(0, mem.warm))).padEnd(18),
          mem === null ? 'n/a' : mb(mem.retained),
        ].join(' '),
      );
    }
    console.log(
      `  → ours is ${(median(times.fitsdk) / median(times.ours)).toFixed(1)}× faster than @garmin/fitsdk (median)\n`,
    );
  }
  if (childDir !== null) rmSync(childDir, { recursive: true, force: true });
}

main();
