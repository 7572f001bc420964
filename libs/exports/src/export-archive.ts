import { Injectable, Logger } from '@nestjs/common';
import { AchievementsService } from '@runvs/achievements';
import { isDomainError } from '@runvs/common';
import { RunTracksService } from '@runvs/runs';
import { ObjectStorage, PRIVATE_KEY_PREFIX } from '@runvs/storage';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { type ExportRun, ExportsRepository } from './exports.repository';
import { type GpxPoint, gpxChunks } from './gpx-writer';

export interface BuiltArchive {
  key: string;
  sizeBytes: number;
  runCount: number;
}

/** `2025-12-01T06-30-00Z` — sortable and safe in every file system. */
function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return cleaned.slice(-100) || 'original';
}

const GPX_WRITE_CHARS = 64 * 1024;

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Builds a runner's export zip straight into storage: the zip is produced as a stream (yazl) and
 * written by `ObjectStorage.putPrivateStream`, and each run's GPX and original upload are produced only
 * when the zip reaches them, one run at a time — so memory stays flat however long the history.
 *
 *   profile.json, runs.json, courses.json, reviews.json, follows.json, events.json, achievements.json
 *   runs/<started>_<run id>.gpx        every run (times, elevation, heart rate where recorded)
 *   originals/<run id>_<file name>     the file a run was imported from, where there is one
 */
@Injectable()
export class ExportArchiveBuilder {
  private readonly logger = new Logger(ExportArchiveBuilder.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ExportsRepository,
    private readonly tracks: RunTracksService,
    private readonly storage: ObjectStorage,
    private readonly achievements: AchievementsService,
  ) {}

  async build(exportId: string, userId: string): Promise<BuiltArchive> {
    const manager = this.dataSource.manager;
    const zip = new ZipFile();
    const key = `${PRIVATE_KEY_PREFIX}exports/${userId}/${exportId}.zip`;
    const output = zip.outputStream as Readable;
    zip.on('error', (error: Error) => output.destroy(error));
    const stored = this.storage.putPrivateStream(key, output, 'application/zip');
    try {
      zip.addBuffer(json(await this.repository.profile(manager, userId)), 'profile.json');
      const runs = await this.repository.runs(manager, userId);
      zip.addBuffer(json(runs.map(({ original_key: _key, ...run }) => run)), 'runs.json');
      zip.addBuffer(json(await this.repository.coursesCreated(manager, userId)), 'courses.json');
      zip.addBuffer(json(await this.repository.reviews(manager, userId)), 'reviews.json');
      zip.addBuffer(json(await this.repository.follows(manager, userId)), 'follows.json');
      zip.addBuffer(json(await this.repository.eventParticipations(manager, userId)), 'events.json');
      zip.addBuffer(json((await this.achievements.list(userId, userId)).data), 'achievements.json');
      for (const run of runs) {
        const base = `${stamp(run.started_at)}_${run.id}`;
        zip.addReadStream(Readable.from(this.gpxOf(run), { objectMode: false }), `runs/${base}.gpx`);
        if (run.original_key) {
          const originalKey = run.original_key;
          zip.addReadStreamLazy(
            `originals/${run.id}_${safeFilename(run.original_filename ?? 'original')}`,
            (done) => {
              this.original(originalKey).then(
                (stream) => done(null, stream),
                (error: unknown) => done(error, undefined as never),
              );
            },
          );
        }
      }
      zip.end();
      const { sizeBytes } = await stored;
      return { key, sizeBytes, runCount: runs.length };
    } catch (error) {
      output.destroy(error as Error);
      await stored.catch(() => undefined);
      await this.storage.deletePrivate(key).catch(() => undefined);
      throw error;
    }
  }

  /** The run's GPX, produced when the zip reads it: its recorded track, else its route line. */
  private async *gpxOf(run: ExportRun): AsyncGenerator<Buffer> {
    const track = await this.tracks.trackOf(run.id);
    let points: Iterable<GpxPoint>;
    if (track) {
      points = track.samples;
    } else {
      const line = (await this.repository.routeLine(this.dataSource.manager, run.id)) ?? [];
      points = line.map(([lng, lat]) => ({ lat, lng, ele: null, time: null, hr: null }));
    }
    const name = `RUNVS ${run.activity_type} ${run.started_at.toISOString()}`;
    // Handed to the zip in ~64 KB buffers: one small write per track point would cost more than the point.
    let pending = '';
    for (const chunk of gpxChunks(
      { name, startedAt: run.started_at, activityType: run.activity_type },
      points,
    )) {
      pending += chunk;
      if (pending.length >= GPX_WRITE_CHARS) {
        yield Buffer.from(pending);
        pending = '';
      }
    }
    if (pending) yield Buffer.from(pending);
  }

  /** An original upload; one that storage no longer has is written empty and logged. */
  private async original(key: string): Promise<Readable> {
    try {
      return await this.storage.get(key);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'NOT_FOUND') throw error;
      this.logger.warn(`export: original ${key} is missing from storage`);
      return Readable.from([]);
    }
  }
}
