import 'reflect-metadata';
import { loadConfig } from '@runvs/config';
import { dataSourceOptions } from '@runvs/database';
import { DataSource } from 'typeorm';

/** `migrate.js run|revert|show` against DATABASE_URL. */
async function main(command: string | undefined): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(loadConfig(), 'runvs-migrate'));
  await dataSource.initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        console.log(
          applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'schema up to date',
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
