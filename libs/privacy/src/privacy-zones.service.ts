import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheService } from '@runvs/cache';
import { DomainError } from '@runvs/common';
import { cutLineByPrivacyZones, type LngLat, privacyZonesEntered } from '@runvs/geo';
import { OutboxService, QueueName } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { PrivacyZonesRepository } from './privacy-zones.repository';
import { parsePrivacyZones, type PrivacyZoneView, toZoneView } from './privacy.rules';

/** Cache scope of everything derived from one runner's zones (ghost profiles…). */
export const privacyScope = (userId: string): string => `privacy:${userId}`;

/** Warning shown when a new course's line enters the creator's own zones (the line is kept). */
export interface PrivacyWarning {
  code: 'ROUTE_ENTERS_PRIVACY_ZONE';
  message: string;
  /** positions, in the creator's list, of the zones the line enters */
  zone_indexes: number[];
}

/**
 * A runner's privacy zones: reading and replacing the list, and applying it wherever someone
 * else sees their runs (lines are cut at the zones' edges, never bridged).
 */
@Injectable()
export class PrivacyZonesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PrivacyZonesRepository,
    private readonly cache: CacheService,
    private readonly outbox: OutboxService,
  ) {}

  async list(userId: string): Promise<PrivacyZoneView[]> {
    const zones = (await this.repository.zonesOf(this.dataSource.manager, [userId])).get(userId) ?? [];
    return zones.map(toZoneView);
  }

  /**
   * Replaces the whole list (validated: ≤ 5 circles, 100–1,000 m). The re-rendering of what was
   * derived from the runner's runs under the old zones (heatmap samples) is queued in the same
   * transaction (`privacy-rerender`, with the old zones); what is cached from the zones (ghost
   * profiles) is invalidated after the commit.
   */
  async replace(userId: string, body: unknown): Promise<PrivacyZoneView[]> {
    const parsed = parsePrivacyZones(body);
    if ('problems' in parsed) {
      throw new DomainError(
        'VALIDATION_ERROR',
        `Invalid privacy zones: ${parsed.problems.map((p) => p.field).join(', ')}`,
        { fields: parsed.problems },
      );
    }
    await this.outbox.transaction(async (manager, enqueue) => {
      await this.repository.lockUser(manager, userId);
      const before = (await this.repository.zonesOf(manager, [userId])).get(userId) ?? [];
      await this.repository.replace(manager, userId, parsed.zones);
      await enqueue(QueueName.PrivacyRerender, { userId, previousZones: before });
    });
    await this.cache.invalidate(privacyScope(userId));
    return parsed.zones.map(toZoneView);
  }

  /** Zones of several runners at once (users without zones are absent from the map). */
  zonesOf(userIds: readonly string[], manager: EntityManager = this.dataSource.manager) {
    return this.repository.zonesOf(manager, userIds);
  }

  /** A runner's line as others may see it: the pieces outside the runner's zones. */
  async lineForOthers(ownerId: string, line: readonly LngLat[]): Promise<LngLat[][]> {
    const zones = (await this.zonesOf([ownerId])).get(ownerId) ?? [];
    return cutLineByPrivacyZones(line, zones);
  }

  /** The warning for a course line that enters the creator's zones, or null. */
  async courseLineWarning(
    creatorId: string,
    line: readonly LngLat[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PrivacyWarning | null> {
    const zones = (await this.repository.zonesOf(manager, [creatorId])).get(creatorId) ?? [];
    const entered = privacyZonesEntered(line, zones);
    if (entered.length === 0) return null;
    return {
      code: 'ROUTE_ENTERS_PRIVACY_ZONE',
      message:
        'This course passes through one of your privacy zones. Its whole line is public; edit or delete the course if you do not want to show it.',
      zone_indexes: entered,
    };
  }
}
