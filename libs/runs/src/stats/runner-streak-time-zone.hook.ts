import { Injectable } from '@nestjs/common';
import { type TimeZoneChangeHook, TimeZoneChangeHookProvider } from '@runvs/identity';
import type { EntityManager } from 'typeorm';
import { RunnerTotalsRepository } from './runner-totals.repository';

/** A runner's new time zone moves the local dates of their runs: the daily streak is rebuilt in it. */
@Injectable()
@TimeZoneChangeHookProvider()
export class RunnerStreakTimeZoneHook implements TimeZoneChangeHook {
  constructor(private readonly totals: RunnerTotalsRepository) {}

  async afterTimeZoneChange(userId: string, manager: EntityManager): Promise<void> {
    await this.totals.recountStreak(manager, userId);
  }
}
