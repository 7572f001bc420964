import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, isUuid } from '@runvs/common';
import { cutLineByPrivacyZones, toLngLatPairs } from '@runvs/geo';
import { PrivacyZonesService } from '@runvs/privacy';
import { DataSource } from 'typeorm';
import { ActivityFeedRepository, type FeedCursor } from './activity-feed.repository';
import type { ActivityFeed } from './social.types';

/** PostgreSQL's text form of a timestamptz, e.g. `2026-12-02 04:00:00.123456+00`. */
const PG_TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** The friends' activity feed, newest first; `cursor` continues where the last page ended. */
@Injectable()
export class ActivityFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ActivityFeedRepository,
    private readonly privacy: PrivacyZonesService,
  ) {}

  async feed(userId: string, limit: number, cursor?: string): Promise<ActivityFeed> {
    const before = cursor ? decodeCursor(cursor) : null;
    // One extra row tells whether an older page exists.
    const rows = await this.repository.page(this.dataSource.manager, userId, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const zones = await this.privacy.zonesOf(
      page.filter((row) => row.route_preview).map((row) => row.user_id),
    );
    return {
      data: page.map(({ cursor_at: _at, item_id: _id, route_preview: preview, ...item }) => ({
        ...item,
        route_preview_segments: preview
          ? cutLineByPrivacyZones(toLngLatPairs(preview), zones.get(item.user_id) ?? [])
          : null,
      })),
      next_cursor:
        rows.length > limit && last ? encodeCursor({ at: last.cursor_at, id: last.item_id }) : null,
    };
  }
}

export function encodeCursor(cursor: FeedCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');
}

/** A cursor this service issued; anything else is a 422 naming `cursor`. */
export function decodeCursor(value: string): FeedCursor {
  const [at, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!at || !id || !isUuid(id) || !PG_TIMESTAMPTZ.test(at)) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid request: cursor', {
      fields: [{ field: 'cursor', messages: ['cursor must be a next_cursor value from this feed'] }],
    });
  }
  return { at, id };
}
