import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type RunTrack, RunTracksRepository } from './run-tracks.repository';

/** Reading runs' recorded tracks (ghosts, exports). Runs recorded before tracks were kept have none. */
@Injectable()
export class RunTracksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RunTracksRepository,
  ) {}

  tracksOf(runRecordIds: readonly string[]): Promise<Map<string, RunTrack>> {
    return this.repository.tracksOf(this.dataSource.manager, runRecordIds);
  }

  async trackOf(runRecordId: string): Promise<RunTrack | null> {
    return (await this.tracksOf([runRecordId])).get(runRecordId) ?? null;
  }
}
