import 'reflect-metadata';
import { dataSourceOptions } from '@runvs/database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** Server the benchmarks use (BENCH_DATABASE_URL, else the local one as postgres). */
function serverUrl(database: string): string {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh, migrated database for one benchmark; dropped again by `drop()`. */
export async function benchDatabase(
  name: string,
): Promise<{ dataSource: DataSource; url: string; drop: () => Promise<void> }> {
  const admin = new Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = serverUrl(name);
  const dataSource = new DataSource(dataSourceOptions({ database: { url, poolSize: 4, logQueries: false } }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    dataSource,
    url,
    drop: async () => {
      await dataSource.destroy();
      const again = new Client({ connectionString: serverUrl('postgres') });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await again.end();
    },
  };
}

/** Median and 99th percentile of millisecond samples. */
export function percentiles(samples: number[]): { p50: number; p99: number; min: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), min: sorted[0] };
}

export async function timeMs(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
