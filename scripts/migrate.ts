import 'reflect-metadata';
import { loadConfig } from '@runvs/config';
import { dataSourceOptions, ensureAppRole } from '@runvs/database';
import { DataSource } from 'typeorm';

/**
 * `migrate.js run|revert|show`, connected as the schema owner (MIGRATION_DATABASE_URL). `run` then
 * makes DATABASE_URL's user the app's least-privilege role (created when missing, DML grants on
 * every table; see ensureAppRole), so a bare server is ready after one `run`.
 */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config, 'runvs-migrate', 'migration'));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        console.log(
          applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'schema up to date',
        );
        const role = await ensureAppRole(dataSource, config.database.url);
        console.log(
          role.separate
            ? `app role ${role.role}: ${role.created ? 'created' : 'up to date'} (DML only)`
            : `app role: DATABASE_URL uses the owner ${role.role} (set MIGRATION_DATABASE_URL to separate them)`,
        );
        break;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
        break;
      case 'show': {
        const pending = await dataSource.showMigrations();
        console.log(pending ? 'there are pending migrations' : 'schema up to date');
        break;
      }
      default:
        throw new Error('usage: migrate.js run|revert|show');
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.name === 'ConfigValidationError' ? error.message : error);
  process.exit(1);
});
