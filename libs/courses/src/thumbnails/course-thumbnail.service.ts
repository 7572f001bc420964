import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheScopes, CacheService } from '@runvs/cache';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { MAPBOX_STATIC_BASE, staticImageUrl } from '@runvs/geo';
import { ObjectStorage } from '@runvs/storage';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { renderRouteSvg } from './route-image';

/** §6.5b: the Mapbox image download gives up after this long (then the job retries). */
export const MAPBOX_TIMEOUT_MS = 30_000;

export type ThumbnailOutcome = 'rendered' | 'already-done' | 'course-gone';

/** A Mapbox answer that retrying will not change (bad token, bad request): draw the route ourselves instead. */
class MapboxRefused extends Error {}

interface CourseToDraw {
  id: string;
  creator_id: string;
  thumbnail_url: string | null;
  thumbnail_status: string;
  route: { coordinates: number[][] };
}

/**
 * The course-created stage: a thumbnail image for a new course, stored through the storage lib
 * and set as `thumbnail_url`. With a Mapbox token it is Mapbox's Static Images picture of the
 * route; without one (or when Mapbox refuses the request for good, or keeps failing until the
 * last attempt) the route is drawn locally and rasterised with sharp. Idempotent: a course with a
 * ready thumbnail is left alone, and a repeated render writes the same storage key.
 */
@Injectable()
export class CourseThumbnailService {
  private readonly logger = new Logger(CourseThumbnailService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cache: CacheService,
  ) {}

  /**
   * Renders and stores the thumbnail of a course. Throws on transient trouble (Mapbox 5xx/429,
   * network, storage) so the job is retried; on the final attempt Mapbox trouble falls back to
   * the local drawing.
   */
  async render(courseId: string, { finalAttempt = false } = {}): Promise<ThumbnailOutcome> {
    const course = await this.load(courseId);
    if (!course) return 'course-gone';
    if (course.thumbnail_status === 'ready' && course.thumbnail_url) return 'already-done';

    const routeHash = createHash('sha256')
      .update(JSON.stringify(course.route.coordinates))
      .digest('hex')
      .slice(0, 16);
    let image: { png: Buffer; source: 'mapbox' | 'local' } | null = null;
    let note: string | null = null;
    const token = this.config.mapbox.accessToken;
    if (token) {
      try {
        image = { png: await this.fetchMapbox(course, token), source: 'mapbox' };
      } catch (error) {
        if (!(error instanceof MapboxRefused) && !finalAttempt) throw error;
        note = `Mapbox static image failed (${(error as Error).message}); drawn locally`;
        this.logger.warn(`course ${courseId}: ${note}`);
      }
    }
    image ??= { png: await this.drawLocally(course), source: 'local' };

    const key = `thumbnails/courses/${course.id}/${image.source}-${routeHash}.png`;
    const stored = await this.storage.put(key, image.png, 'image/png');
    const saved = await this.dataSource.transaction(async (manager) => {
      const [, updated] = (await manager.query(
        `UPDATE courses SET thumbnail_url = $2, thumbnail_status = 'ready', thumbnail_error = $3
          WHERE id = $1 AND NOT (thumbnail_status = 'ready' AND thumbnail_url IS NOT NULL)`,
        [course.id, stored.url, note],
      )) as [unknown, number];
      if (updated === 0) return false;
      await manager.query(
        `INSERT INTO stored_files (owner_id, kind, storage_key, content_type, size_bytes)
         SELECT $1, 'course_thumbnail', $2, 'image/png', $3
          WHERE NOT EXISTS (SELECT 1 FROM stored_files WHERE kind = 'course_thumbnail' AND storage_key = $2)`,
        [course.creator_id, key, image.png.length],
      );
      return true;
    });
    if (!saved) {
      // The course went away (or got its thumbnail elsewhere) while drawing: drop the orphan file.
      const current = await this.load(courseId);
      if (current?.thumbnail_url !== stored.url) await this.storage.delete(key);
      return current ? 'already-done' : 'course-gone';
    }
    await this.cache.invalidate(CacheScopes.course(course.id), CacheScopes.courseList);
    return 'rendered';
  }

  /** After the last attempt: the course keeps working without a picture, and the reason is kept. */
  async markFailed(courseId: string, error: Error): Promise<void> {
    await this.dataSource.query(
      `UPDATE courses SET thumbnail_status = 'failed', thumbnail_error = $2
        WHERE id = $1 AND thumbnail_status <> 'ready'`,
      [courseId, error.message.slice(0, 2000)],
    );
  }

  private async load(courseId: string): Promise<CourseToDraw | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, creator_id, thumbnail_url, thumbnail_status, ST_AsGeoJSON(route_geometry, 6)::json AS route
         FROM courses WHERE id = $1`,
      [courseId],
    )) as CourseToDraw[];
    return rows[0] ?? null;
  }

  private async fetchMapbox(course: CourseToDraw, token: string): Promise<Buffer> {
    const url = staticImageUrl(course.route, token);
    if (!url) throw new MapboxRefused('route has fewer than two usable points');
    const target = this.config.mapbox.baseUrl + url.slice(MAPBOX_STATIC_BASE.indexOf('/styles/'));
    const response = await fetch(target, { signal: AbortSignal.timeout(MAPBOX_TIMEOUT_MS) });
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok) {
      const message = `HTTP ${response.status} ${mapboxMessage(body)}`;
      if (response.status === 429 || response.status >= 500) throw new Error(`Mapbox ${message}`);
      throw new MapboxRefused(message);
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('image/')) throw new MapboxRefused(`unexpected content type ${type || 'none'}`);
    // Normalise to PNG (raster styles answer JPEG) and make sure it is a real image.
    return sharp(body).png().toBuffer();
  }

  private async drawLocally(course: CourseToDraw): Promise<Buffer> {
    const svg = renderRouteSvg(course.route.coordinates);
    if (!svg) throw new Error(`course ${course.id} has no drawable route`);
    return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
  }
}

function mapboxMessage(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : '';
  } catch {
    return body.toString('utf8').slice(0, 200);
  }
}
