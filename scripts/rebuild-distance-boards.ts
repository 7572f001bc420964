import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@runvs/config';
import { DatabaseModule } from '@runvs/database';
import {
  BOARD_PERIOD_KINDS,
  type BoardPeriodKind,
  DistanceBoardsModule,
  DistanceBoardsService,
} from '@runvs/distance-boards';
import { RedisModule } from '@runvs/redis';
import { argument } from './cli-arguments';

const USAGE = `usage: npm run boards:rebuild -- [--period week|month] [--at <ISO date or instant>]
  Recreates the weekly and monthly distance boards (Redis) of the period holding --at (default now)
  from the runs in PostgreSQL. Both periods unless --period is given.`;

@Module({ imports: [ConfigModule.forRoot(), DatabaseModule, RedisModule, DistanceBoardsModule] })
class RebuildModule {}

async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const period = argument(args, '--period', USAGE);
  if (period && !BOARD_PERIOD_KINDS.includes(period as BoardPeriodKind)) throw new Error(USAGE);
  const atText = argument(args, '--at', USAGE);
  const at = atText ? new Date(atText) : new Date();
  if (Number.isNaN(at.getTime())) throw new Error(`--at: not a date\n${USAGE}`);
  const app = await NestFactory.createApplicationContext(RebuildModule, { logger: ['error', 'warn'] });
  try {
    const kinds = period ? [period as BoardPeriodKind] : BOARD_PERIOD_KINDS;
    for (const rebuilt of await app.get(DistanceBoardsService).rebuild(kinds, at)) {
      console.log(`rebuilt ${rebuilt.period}: ${rebuilt.runners} runners`);
    }
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
