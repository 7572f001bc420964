import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { ConnectionPoolWarmUp } from './connection-pool-warm-up';
import { dataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config),
    }),
  ],
  providers: [ConnectionPoolWarmUp],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
