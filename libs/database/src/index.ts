export { bigintAsNumber, type GeoJsonLineString, type GeoJsonPoint } from './column-types';
export { dataSourceOptions } from './data-source-options';
export { DatabaseModule } from './database.module';
export * from './entities';
export { inTransaction, isForeignKeyViolation, isUniqueViolation } from './transaction';
