import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The database side of the health checks. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await this.dataSource.query(`SELECT 1`);
  }

  /** Names of the migrations recorded as applied. */
  async appliedMigrations(): Promise<string[]> {
    const rows = (await this.dataSource.query(`SELECT name FROM typeorm_migrations`)) as Array<{
      name: string;
    }>;
    return rows.map((row) => row.name);
  }

  /** Names of the migrations this build of the code carries. */
  knownMigrations(): string[] {
    return this.dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  }
}
