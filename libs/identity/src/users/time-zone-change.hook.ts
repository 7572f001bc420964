import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

/**
 * Work another domain must do when a runner's time zone changes (a profile write), inside the
 * write's transaction after the new zone is stored — e.g. the runs domain rebuilding the daily
 * streak it keeps on the runner's row in local dates of that zone. The users row is locked by the
 * write until the commit.
 *
 * Mark the provider with `@TimeZoneChangeHookProvider()`: UsersService discovers every marked
 * provider of the application.
 */
export interface TimeZoneChangeHook {
  afterTimeZoneChange(userId: string, manager: EntityManager): Promise<void>;
}

/** Class decorator that registers a TimeZoneChangeHook provider for discovery. */
export const TimeZoneChangeHookProvider = DiscoveryService.createDecorator<void>();
