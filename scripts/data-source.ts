import 'reflect-metadata';
import { loadConfig } from '@runvs/config';
import { dataSourceOptions } from '@runvs/database';
import { DataSource } from 'typeorm';

/** For the TypeORM CLI (`npm run migration:generate`). */
export default new DataSource(dataSourceOptions(loadConfig(), 'runvs-cli', 'migration'));
