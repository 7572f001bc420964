import { dataSourceOptions, ENTITIES } from '@runvs/database';
import { testConfig } from '@runvs/testing';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

describe('schema and migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(testConfig(), 'schema-test', 'migration'));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('lists every migration file in migrations/index.ts', () => {
    const files = readdirSync(join(__dirname, '../../migrations')).filter((file) =>
      /^\d+-.+\.ts$/.test(file),
    );
    expect(MIGRATIONS).toHaveLength(files.length);
  });

  it('has a GiST index on every geography column', async () => {
    const columns: Array<{ table_name: string; column_name: string }> = await dataSource.query(
      `SELECT f_table_name AS table_name, f_geography_column AS column_name FROM geography_columns`,
    );
    expect(columns.map((column) => `${column.table_name}.${column.column_name}`).sort()).toEqual([
      'courses.end_point',
      'courses.route_geometry',
      'courses.start_point',
      'events.center',
      'privacy_zones.center',
      'run_records.route_geometry',
    ]);
    const indexed: Array<{ table_name: string; column_name: string }> = await dataSource.query(`
      SELECT t.relname AS table_name, a.attname AS column_name
        FROM pg_index i
        JOIN pg_class ix ON ix.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ix.relam AND am.amname = 'gist'
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)`);
    const withGist = new Set(indexed.map((row) => `${row.table_name}.${row.column_name}`));
    for (const column of columns) {
      expect(withGist).toContain(`${column.table_name}.${column.column_name}`);
    }
  });

  it('maps every entity column to a table column of the same nullability, and every table column', async () => {
    const rows: Array<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }> =
      await dataSource.query(
        `SELECT c.table_name, c.column_name, c.is_nullable
           FROM information_schema.columns c
           JOIN information_schema.tables t
             ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
          WHERE c.table_schema = 'public'`,
      );
    const database = new Map(
      rows.map((row) => [`${row.table_name}.${row.column_name}`, row.is_nullable === 'YES']),
    );
    const mapped = new Set<string>();
    for (const entity of ENTITIES) {
      const metadata = dataSource.getMetadata(entity);
      for (const column of metadata.columns) {
        const key = `${metadata.tableName}.${column.databaseName}`;
        mapped.add(key);
        expect({ key, exists: database.has(key) }).toEqual({ key, exists: true });
        expect({ key, nullable: database.get(key) }).toEqual({ key, nullable: column.isNullable });
      }
    }
    const ignoredTables = new Set(['typeorm_migrations', 'spatial_ref_sys']);
    const unmapped = [...database.keys()].filter(
      (key) => !mapped.has(key) && !ignoredTables.has(key.split('.')[0]),
    );
    expect(unmapped).toEqual([]);
  });

  it('reverts every migration down to an empty database and applies them again', async () => {
    const tablesBefore = await publicTables(dataSource);
    for (let i = 0; i < MIGRATIONS.length; i++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await publicTables(dataSource)).toEqual(['typeorm_migrations']);
    const extensions: Array<{ extname: string }> = await dataSource.query(
      `SELECT extname FROM pg_extension WHERE extname IN ('postgis', 'pg_trgm')`,
    );
    expect(extensions).toEqual([]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await publicTables(dataSource)).toEqual(tablesBefore);
  });
});

async function publicTables(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ tablename: string }> = await dataSource.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'spatial_ref_sys' ORDER BY tablename`,
  );
  return rows.map((row) => row.tablename);
}
