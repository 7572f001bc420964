import { dataSourceOptions } from '@runvs/database';
import { createCourse, createRun, createUser, lineFrom, PROJECT_ROOT, testConfig } from '@runvs/testing';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * Issue 17, backups: scripts/backup.sh (the compose `backup` service) against the real local
 * PostgreSQL, and scripts/restore-drill.sh restoring its newest dump into a scratch database and
 * comparing every table's row count with the counts taken in the dump's snapshot.
 */
describe('backups and the restore drill', () => {
  let dataSource: DataSource;
  let backupDir: string;
  let pgEnv: Record<string, string>;
  let scratch: string;

  function run(script: 'backup.sh' | 'restore-drill.sh', args: string[], env: Record<string, string> = {}) {
    const result = spawnSync('bash', [join(PROJECT_ROOT, 'scripts', script), ...args], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        ...pgEnv,
        BACKUP_DIR: backupDir,
        RESTORE_DRILL_DATABASE: scratch,
        ...env,
      },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const dumps = (dir = backupDir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.dump'))
      .sort();
  const countsOf = (dump: string, dir = backupDir) =>
    readFileSync(join(dir, dump.replace(/\.dump$/, '.counts')), 'utf8');

  async function scratchExists(): Promise<boolean> {
    const rows = (await dataSource.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [
      scratch,
    ])) as unknown[];
    return rows.length > 0;
  }

  beforeAll(async () => {
    const config = testConfig();
    // Backups and restores are the owner's work (the app's role cannot dump or create databases).
    dataSource = new DataSource(dataSourceOptions(config, 'backup-test', 'migration'));
    await dataSource.initialize();
    const url = new URL(config.database.migrationUrl);
    pgEnv = {
      PGHOST: url.hostname,
      PGPORT: url.port || '5432',
      PGUSER: decodeURIComponent(url.username),
      PGPASSWORD: decodeURIComponent(url.password),
      PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
    };
    scratch = `${pgEnv.PGDATABASE}_drill`;
    backupDir = mkdtempSync(join(tmpdir(), 'runvs-backups-'));

    const runners = [];
    for (let i = 0; i < 3; i += 1) runners.push(await createUser(dataSource));
    const courseId = await createCourse(dataSource, runners[0].id);
    for (const runner of runners) {
      await createRun(dataSource, runner.id, { courseId, coordinates: lineFrom([126.93, 37.52], 20, 50) });
      await createRun(dataSource, runner.id, { distanceMeters: 10_000, durationSeconds: 3300 });
    }
  });

  afterAll(async () => {
    await dataSource.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    await dataSource.destroy();
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('dumps the database with the exact row counts of the dumped snapshot', async () => {
    const backup = run('backup.sh', ['once']);
    expect(backup).toMatchObject({ status: 0 });
    const [dump] = dumps();
    expect(dump).toMatch(/^runvs-\d{8}T\d{9}Z\.dump$/);
    expect(readdirSync(backupDir).sort()).toEqual([dump.replace('.dump', '.counts'), dump]);

    const counts = Object.fromEntries(
      countsOf(dump)
        .trim()
        .split('\n')
        .map((line) => line.split('\t')),
    );
    expect(counts).toMatchObject({ 'public.users': '3', 'public.courses': '1', 'public.run_records': '6' });
    expect(counts['public.spatial_ref_sys']).toBeUndefined(); // PostGIS's own table comes back with the extension
    expect(counts['public.typeorm_migrations']).toEqual(
      String(
        ((await dataSource.query(`SELECT count(*)::int AS n FROM typeorm_migrations`)) as [{ n: number }])[0]
          .n,
      ),
    );
  });

  it('restores the newest dump into a scratch database whose every table count matches the source, then drops it', async () => {
    const drill = run('restore-drill.sh', []);
    expect(drill.stderr).not.toMatch(/FAILED/);
    expect(drill.status).toBe(0);
    const tables = countsOf(dumps()[0]).trim().split('\n').length;
    expect(drill.stdout).toMatch(
      new RegExp(
        `^restore drill OK: runvs-\\S+\\.dump restored, ${tables} tables and \\d+ rows match the source$`,
        'm',
      ),
    );
    expect(tables).toBeGreaterThan(20);
    expect(await scratchExists()).toBe(false);
  });

  it('keeps the newest BACKUP_RETENTION_COUNT dumps, each with its own counts', async () => {
    const first = dumps()[0];
    await createUser(dataSource);
    expect(run('backup.sh', ['once'], { BACKUP_RETENTION_COUNT: '2' }).status).toBe(0);
    await createUser(dataSource);
    expect(run('backup.sh', ['once'], { BACKUP_RETENTION_COUNT: '2' }).status).toBe(0);

    const kept = dumps();
    expect(kept).toHaveLength(2);
    expect(kept).not.toContain(first);
    expect(readdirSync(backupDir)).toHaveLength(4);
    expect(countsOf(kept[0])).toMatch(/^public\.users\t4$/m);
    expect(countsOf(kept[1])).toMatch(/^public\.users\t5$/m);
  });

  it('fails the drill when the dump is corrupted', () => {
    const corruptDir = join(backupDir, 'corrupt');
    mkdirSync(corruptDir);
    const newest = dumps().at(-1)!;
    copyFileSync(join(backupDir, newest), join(corruptDir, newest));
    copyFileSync(
      join(backupDir, newest.replace('.dump', '.counts')),
      join(corruptDir, newest.replace('.dump', '.counts')),
    );
    const bytes = readFileSync(join(corruptDir, newest));
    writeFileSync(join(corruptDir, newest), bytes.subarray(0, Math.floor(bytes.length * 0.6)));

    const drill = run('restore-drill.sh', [], { BACKUP_DIR: corruptDir });
    expect(drill.status).toBe(1);
    expect(drill.stderr).toMatch(/FAILED: pg_restore could not restore runvs-\S+\.dump/);
    expect(drill.stdout).not.toMatch(/restore drill OK/);
  });

  it('fails the drill when a restored table has other counts than the source had', async () => {
    const wrongDir = join(backupDir, 'wrong-counts');
    mkdirSync(wrongDir);
    const newest = dumps().at(-1)!;
    copyFileSync(join(backupDir, newest), join(wrongDir, newest));
    writeFileSync(
      join(wrongDir, newest.replace('.dump', '.counts')),
      countsOf(newest).replace(/^public\.users\t5$/m, 'public.users\t6'),
    );

    const drill = run('restore-drill.sh', [join(wrongDir, newest)]);
    expect(drill.status).toBe(1);
    expect(drill.stderr).toMatch(/FAILED: row counts differ from the source at dump time/);
    expect(drill.stderr).toMatch(/< public\.users\t6\n---\n> public\.users\t5/);
    expect(await scratchExists()).toBe(false);
  });

  it('writes nothing when PostgreSQL refuses the dump, and fails', () => {
    const before = readdirSync(backupDir).sort();
    const backup = run('backup.sh', ['once'], { PGDATABASE: `${pgEnv.PGDATABASE}_missing` });
    expect(backup.status).not.toBe(0);
    expect(backup.stderr).toMatch(/cannot open a snapshot/);
    expect(readdirSync(backupDir).sort()).toEqual(before);
  });

  it('reports its health from the age of the newest dump', () => {
    expect(run('backup.sh', ['check'])).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^newest dump: runvs-/),
    });
    expect(run('backup.sh', ['check'], { BACKUP_DIR: join(backupDir, 'corrupt', 'none') }).status).toBe(1);
  });
});
